"""Convert the cached transformers copy once into OpenVINO IR (int8 or int4 weights).

The exporter (optimum-intel + nncf) pins older transformers/huggingface_hub
than the project and would upgrade torch if installed beside it. So it lives in
a throwaway venv under the cache (`ov-export-venv`), made on the first
conversion: it sees the project's own packages through a .pth file (torch is
shared, never downloaded or upgraded) and its own pinned exporter packages
shadow the rest. Needs the network once, like the GGUF download; later runs
and the app itself only read the finished IR.

Same bookkeeping as convert.py: a temp folder, a marker naming the source
sha256 and the format, then an atomic rename; a changed source re-converts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path

from models.errors import ModelLoadError
from models.llm.convert import MARKER, Log, _stderr, converted_dir, read_marker
from models.llm.weights import WeightSpec

OV_FORMAT = 1  # bump when the export recipe changes, to force re-conversion
EXPORTER_PINS = (  # what the export venv installs (torch comes from the project's venv)
    "optimum-intel[openvino]==2.2.0",
    "optimum==2.3.0",
    "nncf==3.4.0",
    "openvino==2026.4.1",
    "openvino-tokenizers==2026.4.1.0",
)
WEIGHT_ARGS = {  # optimum-cli flags per weight format
    "int8": ["--weight-format", "int8"],
    "int4": ["--weight-format", "int4", "--sym", "--group-size", "64", "--ratio", "1.0"],
    # int4 (groups of 32) on the 60% of layers whose int4 error is smallest, int8 on the
    # rest: 1.2x int8's decode on 2 EPYC cores with teacher-forced top-1 as int8's (99.4%);
    # all int4 at groups of 32 decoded 1.5x but fell to 97.6%, 80% int4 to 98.2%.
    "int4mix": ["--weight-format", "int4", "--sym", "--group-size", "32", "--ratio", "0.6"],
}

Exporter = Callable[[Path, Path, str], None]  # (source folder, out folder, weights)


def ov_dir(spec: WeightSpec, cache_dir: Path, weights: str) -> Path:
    """Where the OpenVINO IR of `spec` with `weights` lives."""
    return cache_dir / "openvino" / f"{spec.name}-{weights}"


def _source_sha(spec: WeightSpec, cache_dir: Path) -> str:
    return str(read_marker(converted_dir(spec, cache_dir)).get("source_sha256", ""))


def is_ov_current(folder: Path, source_sha: str, weights: str) -> bool:
    marker = read_marker(folder)
    return (
        (folder / "openvino_model.xml").is_file()
        and marker.get("source_sha256") == source_sha
        and marker.get("format") == OV_FORMAT
        and marker.get("weights") == weights
    )


def export_venv(cache_dir: Path, log: Log = _stderr) -> Path:
    """The exporter venv's python, creating it on first use."""
    venv = cache_dir / "ov-export-venv"
    python = venv / "bin" / "python"
    ready = venv / "clearcart-ready.json"
    if (
        python.is_file()
        and ready.is_file()
        and json.loads(ready.read_text()) == list(EXPORTER_PINS)
    ):
        return python
    log(f"  creating the OpenVINO export environment at {venv} (once, ~1 min)")
    shutil.rmtree(venv, ignore_errors=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # The project's packages (torch above all) after the venv's own: shared, not copied.
    Path(site, "zz_clearcart_project.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    import torch

    pin = venv / "constraints.txt"
    pin.write_text(f"torch=={torch.__version__.split('+')[0]}\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--progress-bar", "on", "-c", str(pin),
         *EXPORTER_PINS],
        check=True,
    )  # fmt: skip
    # torchvision comes with optimum-intel but is unused for text export, and a build
    # that does not match the shared torch breaks `import transformers` there.
    subprocess.run([str(python), "-m", "pip", "uninstall", "-y", "-q", "torchvision"], check=False)
    ready.write_text(json.dumps(list(EXPORTER_PINS)))
    return python


def export_openvino(source: Path, out: Path, weights: str, cache_dir: Path, log: Log) -> None:
    """Run optimum-cli in the export venv (shows nncf's progress bars)."""
    python = export_venv(cache_dir, log)
    cli = python.parent / "optimum-cli"
    cmd = [str(cli), "export", "openvino", "-m", str(source),
           "--task", "text-generation-with-past", *WEIGHT_ARGS[weights], str(out)]  # fmt: skip
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1")
    result = subprocess.run(cmd, env=env, check=False)
    if result.returncode != 0:
        raise ModelLoadError(
            f"OpenVINO export of {source.name} ({weights}) failed (exit {result.returncode}).",
            fix="see the output above; delete the export venv under the cache and retry, "
            "or use CLEARCART_ENGINE=transformers",
        )


def ensure_ov_converted(
    spec: WeightSpec,
    cache_dir: Path,
    weights: str,
    progress: bool = True,
    log: Log = _stderr,
    exporter: Exporter | None = None,
) -> Path:
    """Return the OpenVINO IR folder for `spec` with `weights`, exporting it first if needed.

    Needs the transformers copy (`convert.ensure_converted`) to exist already.
    """
    if weights not in WEIGHT_ARGS:
        raise ModelLoadError(
            f"Unknown OpenVINO weight format {weights!r}.", fix=f"use one of {sorted(WEIGHT_ARGS)}"
        )
    source = converted_dir(spec, cache_dir)
    sha = _source_sha(spec, cache_dir)
    if not sha:
        raise ModelLoadError(
            f"No converted copy of '{spec.name}' at {source}.",
            fix=f"run `python -m models.prepare --llm {spec.name}`",
        )
    target = ov_dir(spec, cache_dir, weights)
    # compile caches of earlier versions (635 MB a blob, one per set of properties)
    shutil.rmtree(target / "compiled", ignore_errors=True)
    if is_ov_current(target, sha, weights):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.exporting-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    start = time.perf_counter()
    log(f"{spec.name}: exporting to OpenVINO IR with {weights} weights (once, 1-3 min)")
    try:
        if exporter is None:
            export_openvino(source, tmp, weights, cache_dir, log)
        else:
            exporter(source, tmp, weights)
        marker = {"source_sha256": sha, "format": OV_FORMAT, "weights": weights}
        (tmp / MARKER).write_text(json.dumps(marker))
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"  done in {time.perf_counter() - start:.0f} s")
    return target


__all__ = ["EXPORTER_PINS", "ensure_ov_converted", "export_venv", "is_ov_current", "ov_dir"]
