"""Shared base of the neural detectors: lazy model loading from the engine Options."""

from __future__ import annotations

from ..detectors.base import Detector, RuleInfo
from . import require, setting

# A stand-in "model" for a rule's own examples (`auditor rules test`): a fixed, documented toy scorer,
# so the examples exercise the detector's logic without a user's model directory.
EXAMPLE_MODEL = "auditor:example-model"


class NeuralDetector(Detector):
    """A Detector of the optional ``neural`` group; models load on first use, once per process."""

    needs = "neural"
    info = RuleInfo

    def enabled(self) -> bool:
        return False

    def model(self, kind: str, path=None):
        """The ``encoder`` (packaged MiniLM), ``lm`` or ``regressor`` for these options."""
        require()
        from . import model

        opts = self.options
        device = setting(opts, "device", "auto")
        batch = setting(opts, "batch_size", model.DEFAULT_BATCH_SIZE)
        model.configure_threads(setting(opts, "jobs", 0))
        if kind == "encoder":
            return model.encoder(path, device, batch)
        return model.load(kind, path, device, batch)
