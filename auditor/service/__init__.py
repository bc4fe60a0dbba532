"""HTTP service (``auditor serve``): FastAPI app in :mod:`auditor.service.app`.

Nothing here imports FastAPI or uvicorn at package import; they come with ``pip install "auditor[service]"``.
"""

SERVICE_EXTRA_HINT = 'pip install "auditor[service]"'
