import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded proofs go to a throw-away MEDIA_ROOT in tests."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
