"""The marketer console's sign-in page: a plain HTML form, no script, no outside assets."""

from __future__ import annotations

from html import escape

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: ClearCart marketer console</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       display: grid; place-items: center; min-height: 100vh; background: #f6f7f9; }}
form {{ background: #fff; padding: 2rem; border-radius: 8px; width: min(22rem, 90vw);
       box-shadow: 0 1px 4px rgba(0,0,0,.12); }}
label {{ display: block; margin: .8rem 0 .2rem; }}
input {{ width: 100%; padding: .5rem; box-sizing: border-box; font-size: 1rem; }}
button {{ margin-top: 1.2rem; width: 100%; padding: .6rem; font-size: 1rem; }}
.error {{ color: #b00020; }}
</style></head>
<body><form method="post" action="login">
<h1>Marketer console</h1>
{error}
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
<p><small>No account? An admin adds one with <code>clearcart console add-user NAME</code>.
</small></p>
</form></body></html>"""


def login_page(error: str = "") -> str:
    """The sign-in form; `error` (escaped) above the fields after a failed attempt."""
    shown = f"<p class='error' role='alert'>{escape(error)}</p>" if error else ""
    return _PAGE.format(error=shown)


__all__ = ["login_page"]
