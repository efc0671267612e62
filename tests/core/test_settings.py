"""Settings that decide where the app writes on disk."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_file_broker_keeps_every_folder_under_var(tmp_path):
    """kombu's filesystem transport writes its exchange tables to ./control unless told where."""
    env = {**os.environ, "CELERY_BROKER_URL": "filesystem://", "KENCANA_VAR_DIR": str(tmp_path), "DEBUG": "true"}
    script = (
        "from django.conf import settings; import json; print(json.dumps(settings.CELERY_BROKER_TRANSPORT_OPTIONS))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kencana.settings'); {script}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout
    options = json.loads(out.strip().splitlines()[-1])
    folders = {key: Path(value) for key, value in options.items() if key.endswith("folder") or "folder_" in key}
    assert set(folders) == {"data_folder_in", "data_folder_out", "processed_folder", "control_folder"}
    assert all(folder.is_relative_to(tmp_path / "broker") and folder.is_dir() for folder in folders.values())
