"""Weight-only int8 Linear: error bounds, both kernels, drop-in replacement."""

from __future__ import annotations

import pytest
import torch

from models.llm.quant import DECODE_ROWS, Int8Linear, quantize_int8_weight_only


def _linear(k: int = 96, n: int = 80, bias: bool = True, seed: int = 0) -> torch.nn.Linear:
    torch.manual_seed(seed)
    lin = torch.nn.Linear(k, n, bias=bias)
    with torch.no_grad():
        lin.weight[3] *= 40.0  # one row with a much larger range: per-row scales must cope
    return lin


def test_weights_round_trip_within_half_a_step() -> None:
    lin = _linear()
    q = Int8Linear(lin)
    w = lin.weight.detach()
    step = w.abs().amax(dim=1) / 127
    err = (q.dequantized().float() - w).abs().amax(dim=1)
    # half an int8 step, plus the bf16 rounding of the scale (2^-8 relative) at the row's max
    assert torch.all(err <= 0.5 * step * 1.02 + w.abs().amax(dim=1) * 2**-8)
    assert q.qweight.dtype == torch.int8 and int(q.qweight.abs().max()) <= 127


@pytest.mark.parametrize("rows", [1, DECODE_ROWS, DECODE_ROWS + 1, 37])
def test_output_matches_float_linear(rows: int) -> None:
    lin = _linear()
    q = Int8Linear(lin)
    x = torch.randn(2, rows, lin.in_features)
    with torch.inference_mode():
        ref = torch.nn.functional.linear(x, q.dequantized().float(), lin.bias.detach())
        got = q(x)
    assert got.shape == ref.shape and got.dtype == x.dtype
    scale = ref.abs().max()
    # bf16 activations and accumulation: about 3 significant digits
    assert float((got - ref).abs().max()) <= 2e-2 * float(scale)


def test_decode_kernel_and_prefill_path_agree() -> None:
    lin = _linear(bias=False)
    q = Int8Linear(lin)
    x = torch.randn(DECODE_ROWS + 4, lin.in_features)
    with torch.inference_mode():
        batched = q(x)  # prefill path: widened weights + GEMM
        one_by_one = torch.cat([q(x[i : i + 1]) for i in range(x.shape[0])])  # int8 kernel
    assert float((batched - one_by_one).abs().max()) <= 2e-2 * float(batched.abs().max())


def test_quantize_replaces_every_linear_in_place() -> None:
    model = torch.nn.Sequential(
        _linear(16, 32), torch.nn.ReLU(), torch.nn.Sequential(_linear(32, 8))
    )
    x = torch.randn(3, 16)
    with torch.inference_mode():
        ref = model(x)
        assert quantize_int8_weight_only(model) == 2
        got = model(x)
    assert not [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    assert float((got - ref).abs().max()) <= 3e-2 * float(ref.abs().max())
