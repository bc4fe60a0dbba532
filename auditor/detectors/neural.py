"""Registers the optional neural detectors (auditor/neural/) for discovery.

Only light modules are imported here: torch and transformers load when a neural check first runs.
"""

from __future__ import annotations

from ..neural.calques import NeuralCalqueDetector
from ..neural.fluency import FluencyDetector
from ..neural.qe import QualityEstimationDetector

__all__ = ["FluencyDetector", "NeuralCalqueDetector", "QualityEstimationDetector"]
