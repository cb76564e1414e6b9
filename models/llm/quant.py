"""Weight-only int8 for Linear layers: halves the bytes read per decoded token.

Decoding one token reads every weight once, so on CPU it is bound by memory
traffic: bf16 halves fp32's, int8 halves bf16's. Unlike
`torch.ao.quantization.quantize_dynamic`, activations stay bfloat16 (dynamic
quantization rounds them to int8 per tensor, which the outlier channels of
small LMs do not survive). Scales are per output row; the scale is rounded to
bf16 *before* the weights are quantized with it, so the only error is the
int8 rounding (at most half a step, about max|w|/254 per row).

For one token (decode) the fused `aten._weight_int8pack_mm` kernel runs; for
many tokens (prefill) the weights are widened to bf16 for a GEMM, which is
faster there.
"""

from __future__ import annotations

from typing import Any

import torch  # this module is imported only when a local model loads

DECODE_ROWS = 16  # up to this many rows use the fused int8 kernel (decode, batched decode)


class Int8Linear(torch.nn.Module):
    """A drop-in replacement for `nn.Linear` holding int8 weights and bf16 row scales."""

    qweight: torch.Tensor
    scale: torch.Tensor
    bias: torch.Tensor | None

    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        weight = linear.weight.detach().float()
        self.in_features = int(weight.shape[1])
        self.out_features = int(weight.shape[0])
        amax = weight.abs().amax(dim=1).clamp(min=1e-12)
        scale = (amax / 127.0).to(torch.bfloat16)
        bumped = (scale.float() * (1 + 2**-7)).to(torch.bfloat16)  # rounded down: next bf16 up
        scale = torch.where(scale.float() * 127.0 < amax, bumped, scale)
        q = torch.round(weight / scale.float()[:, None]).clamp(-127, 127).to(torch.int8)
        self.register_buffer("qweight", q.contiguous())
        self.register_buffer("scale", scale.contiguous())
        bias = linear.bias.detach().to(torch.bfloat16) if linear.bias is not None else None
        self.register_buffer("bias", bias)

    def dequantized(self) -> torch.Tensor:
        """The weights as bf16 (what the int8 kernel computes with)."""
        return self.qweight.to(torch.bfloat16) * self.scale[:, None]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        flat = x.reshape(-1, self.in_features).to(torch.bfloat16)
        if flat.shape[0] <= DECODE_ROWS:
            y = torch.ops.aten._weight_int8pack_mm(flat.contiguous(), self.qweight, self.scale)
        else:
            y = torch.nn.functional.linear(flat, self.dequantized())
        if self.bias is not None:
            y = y + self.bias
        return y.reshape(*shape[:-1], self.out_features).to(x.dtype)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, int8 weight-only"


def quantize_int8_weight_only(model: Any) -> int:
    """Replace every `nn.Linear` in `model` (in place); returns how many were replaced."""
    targets = [
        (parent, name, child)
        for parent in model.modules()
        for name, child in parent.named_children()
        if isinstance(child, torch.nn.Linear)
    ]
    for parent, name, child in targets:
        setattr(parent, name, Int8Linear(child))
    return len(targets)


__all__ = ["DECODE_ROWS", "Int8Linear", "quantize_int8_weight_only"]
