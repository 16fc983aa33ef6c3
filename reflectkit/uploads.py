"""What a page takes from the browser: the largest export, and the message that carries it.

The import page's file chooser sends the whole file to the kernel as one websocket message.
Tornado closes the socket on a message over its limit without a word to the page, so the
limit sits well above the largest export the page takes: a somewhat larger file still
reaches the kernel, and the page says plainly why it is not imported. Shared by the app and
JupyterLab (kept free of imports: the CLI reads it without loading Voilà or ipywidgets).
"""

#: The largest export the import page takes, in MB of 1,000,000 bytes (as file managers
#: count them); the apps' own exports are a few MB.
LARGEST_EXPORT_MB = 50
#: The largest message a page may send its kernel. A file above it never reaches the kernel,
#: so the page cannot name it; the page's help says where larger exports go. It stays under
#: the 100 MiB a Tornado server reads at once (Voilà's keeps that default, and a browser may
#: send a file as one frame), and keeps what one wrong choice costs the server and the
#: kernel to a few hundred MB.
LARGEST_MESSAGE_BYTES = 96 << 20


def megabytes(size: int) -> str:
    """``size`` bytes in MB, rounded up to a tenth, so a file over a limit never shows as it."""
    return f"{-(-size // 100_000) / 10:,.1f} MB"
