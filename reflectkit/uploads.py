"""What a page takes from the browser: the largest export, and the message that carries it.

The import page's file chooser sends the whole file to the kernel as one websocket message.
Tornado closes the socket, without a word to the page, on a message over its limit, so the
limit sits far above the largest export the page takes: a larger file still reaches the
kernel, and the page says plainly why it is not imported. Shared by the app and JupyterLab
(kept free of imports: the CLI reads it without loading Voilà or ipywidgets).
"""

#: The largest export the import page takes (the apps' own exports are a few MB).
LARGEST_EXPORT_MB = 50
#: The largest message a page may send its kernel. Beyond it a chosen file is lost in
#: silence, so it is generous: a browser holds the whole file in memory to send it anyway.
LARGEST_MESSAGE_BYTES = 1 << 30
