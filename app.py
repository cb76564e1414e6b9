"""ClearCart web demo: `python app.py [--port 7860] [--host 127.0.0.1] [--llm smollm2]`.

The thin entry the README names; the app itself is the `ui` package
(`ui.app.main`), which an installed wheel also serves as `clearcart serve`.
"""

from ui.app import main

if __name__ == "__main__":
    main()
