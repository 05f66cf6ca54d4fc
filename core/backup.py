"""Backup and restore: the database (pg_dump custom format, or the SQLite file) plus the private
media files (proofs, attachments), with a manifest of record counts and file checksums that a
restore checks against. `manage.py backup` / `manage.py restore <dir>`, `make backup` / `make restore`.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Shown to the operator as is (Chinese)."""


def record_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def media_checksums(root: Path | None = None) -> dict[str, str]:
    root = Path(root or settings.MEDIA_ROOT)
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _pg(command: str) -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = [
        command,
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def backup(target_root: Path) -> Path:
    """Write a new backup directory under `target_root` and return it."""
    target = Path(target_root) / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target.mkdir(parents=True, exist_ok=False)
    name = connection.settings_dict["NAME"]
    if _is_postgres():
        args, env = _pg("pg_dump")
        result = subprocess.run([*args, "-Fc", "-f", str(target / DUMP), name], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"数据库备份失败：{result.stderr.strip()}")
    else:
        connection.close()
        shutil.copy2(name, target / SQLITE)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "database": str(name),
        "engine": connection.vendor,
        "counts": record_counts(),
        "files": media_checksums(media_root),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def restore(source: Path) -> dict:
    """Replace the database and the media files with a backup; returns the manifest after
    checking that record counts and file checksums match it (BackupError if not)."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{source} 不是备份目录（缺少 {MANIFEST}）。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    name = connection.settings_dict["NAME"]
    connections.close_all()
    if _is_postgres():
        if not (source / DUMP).exists():
            raise BackupError("备份中没有 PostgreSQL 数据库文件。")
        args, env = _pg("pg_restore")
        result = subprocess.run(
            [*args, "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", name, str(source / DUMP)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"数据库恢复失败：{result.stderr.strip()}")
    else:
        shutil.copy2(source / SQLITE, name)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    problems = []
    counts = record_counts()
    for label, expected in manifest["counts"].items():
        if counts.get(label) != expected:
            problems.append(f"{label}：备份时 {expected} 条，恢复后 {counts.get(label)} 条")
    if media_checksums(media_root) != manifest["files"]:
        problems.append("附件文件与备份时的校验和不一致")
    if problems:
        raise BackupError("恢复后核对不一致：" + "；".join(problems))
    return manifest
