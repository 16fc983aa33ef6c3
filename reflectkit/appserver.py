"""The server behind ``reflectkit app``: Voilà that lets no one else in.

Voilà on its own answers whoever reaches its port: no token, no check of the ``Host``
header (so a web page can reach it through DNS rebinding), and a kernel for every
``GET /`` that never exits. :class:`AppServer` is Voilà with

- a secret token made here, printed in the address to open and never put on a command line;
- only requests whose ``Host`` names this computer and whose ``Origin``, when sent, is the
  app's own page;
- at most ``LimitedKernelManager.max_kernels`` kernels, idle unconnected ones shut down;
- kernels reached through Unix sockets in a private folder, not TCP ports that any local
  user can listen to (on Linux and macOS);
- a page that loads nothing from the network: Voilà's links to a CDN are left out of its
  templates, and a Content-Security-Policy holds the page to its own address;
- a page told in words when a file it chose was too large to reach its kernel.

Run as ``python -m reflectkit.appserver NOTEBOOK --port=8866`` (``reflectkit app`` does).
"""

from __future__ import annotations

import asyncio
import functools
import html
import importlib
import importlib.util
import ipaddress
import os
import queue
import re
import secrets
import shutil
import sys
import tempfile
import threading
import types
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def defer_iri_grammar() -> None:
    """Put off building ``rfc3987_syntax``'s IRI grammar until an IRI is checked.

    jsonschema, which Jupyter's event logging imports, imports ``rfc3987_syntax`` for its
    ``iri`` format check, and that module compiles an Earley grammar as it is imported:
    about 1 s, the largest part of the server's start, for a check the app never runs. A
    stand-in module loads the real one on first use, so every check still works.
    """
    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name)

    def real() -> types.ModuleType:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name)

    def is_valid_syntax(term: str, value: str) -> bool:
        return bool(real().is_valid_syntax(term, value))

    def other(attribute: str) -> Any:
        if attribute.startswith("__"):  # what the import system looks for (``__path__``)
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    stand_in.__getattr__ = other  # type: ignore[method-assign]
    sys.modules[name] = stand_in


defer_iri_grammar()

# Imported after the stand-in is in place (E402).
import tornado.ioloop  # noqa: E402
from jupyter_server.log import log_request  # noqa: E402
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager  # noqa: E402
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler  # noqa: E402
from jupyter_server.utils import ApiPath  # noqa: E402
from tornado import web  # noqa: E402
from tornado.log import app_log  # noqa: E402
from traitlets import Integer, TraitError, default, validate  # noqa: E402
from traitlets.config import Config  # noqa: E402
from voila.app import Voila  # noqa: E402
from voila.request_info_handler import RequestInfoSocketHandler  # noqa: E402
from voila.tornado.handler import TornadoVoilaHandler  # noqa: E402

from . import uploads  # noqa: E402

#: Host names that mean this computer (loopback addresses are recognised as such).
LOCAL_HOSTNAMES = ("localhost",)


def _keep_nothing(cls: type, message: dict[str, Any]) -> None:
    """Voilà's ``RequestInfoSocketHandler.send_updates``, keeping and sending nothing."""


#: Kernels the app runs at once: a few tabs, not one per request someone can send.
MAX_KERNELS = 4
#: Seconds a kernel with no page connected may sit idle before it is shut down.
IDLE_SECONDS = 300
#: Seconds between looks for such kernels.
CULL_INTERVAL = 30

# Voilà's page needs its inline scripts and styles; what matters is that it loads nothing
# from, and sends nothing to, any other address, and that no other site can frame it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

_TEMPLATE_SUFFIXES = (".html", ".j2", ".tpl")
_REMOTE_ASSET = re.compile(
    r"""[ \t]*<(?:link|script)\b[^>]*?\b(?:href|src)\s*=\s*["']?(?:https?:)?//[^>]*>"""
    r"""(?:\s*</script>)?[ \t]*\n?""",
    re.IGNORECASE,
)


def is_local_host(host: str) -> bool:
    """Whether a ``Host`` header (or a listening address) names this computer.

    Parameters
    ----------
    host : str
        A host name or IP address, with or without a port: ``127.0.0.1:8866``,
        ``localhost``, ``[::1]:8866``.

    Returns
    -------
    bool
        True for loopback addresses and ``localhost``. A page that reaches the app through
        DNS rebinding sends its own site's name, which is refused.
    """
    match = re.fullmatch(r"\[?(?P<name>.*?)\]?(?::\d+)?", host.strip().lower())
    name = match["name"] if match else ""
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name in LOCAL_HOSTNAMES


def is_local_request(host: str, origin: str | None) -> bool:
    """Whether a request comes from the app's own page on this computer.

    Parameters
    ----------
    host : str
        The ``Host`` header, e.g. ``127.0.0.1:8866``.
    origin : str or None
        The ``Origin`` header, if the browser sent one.

    Returns
    -------
    bool
        True when ``host`` names this computer (see :func:`is_local_host`) and ``origin``
        is absent or that same address. Browsers send the origin of the page making a
        request for WebSockets and cross-site requests, and a page cannot change it.
    """
    same_origin = origin is None or urlsplit(origin.strip().lower()).netloc == host.strip().lower()
    return is_local_host(host) and same_origin


def without_remote_assets(source: str) -> str:
    """A template's text without the ``<link>`` and ``<script>`` tags that load from another site.

    Parameters
    ----------
    source : str
        The template (Jinja or HTML) as text.

    Returns
    -------
    str
        ``source`` with every ``<link href="https://...">`` and ``<script src="//...">``
        (with its closing tag) removed; everything else is unchanged.
    """
    return _REMOTE_ASSET.sub("", source)


def local_template_paths(template_paths: Sequence[str], into: Path) -> list[str]:
    """Template paths on which every template that linked a remote asset no longer does.

    For each template name, the file Jinja would find first is copied into ``into``
    without its remote links (see :func:`without_remote_assets`) if it has any, and
    ``into`` goes first on the returned path. Voilà's ``lab`` template, for one, links
    Font Awesome from a CDN.

    Parameters
    ----------
    template_paths : sequence of str
        Folders Jinja searches, in order.
    into : Path
        An empty folder for the copies.

    Returns
    -------
    list of str
        ``[into, *template_paths]``.
    """
    seen: set[str] = set()
    for folder in map(Path, template_paths):
        templates = [p for p in folder.rglob("*") if p.name.endswith(_TEMPLATE_SUFFIXES)]
        for path in sorted(templates):
            name = path.relative_to(folder).as_posix()
            if name in seen or not path.is_file():
                continue
            seen.add(name)
            text = path.read_text(encoding="utf-8")
            local = without_remote_assets(text)
            if local != text:
                (into / name).parent.mkdir(parents=True, exist_ok=True)
                (into / name).write_text(local, encoding="utf-8")
    return [str(into), *template_paths]


def redirect_page(url: str) -> str:
    """A tiny HTML page that sends the browser on to ``url``."""
    url = html.escape(url, quote=True)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0;url={url}"></head>'
        f'<body><p><a href="{url}">Open the page</a></p></body></html>\n'
    )


class LimitedKernelManager(AsyncMappingKernelManager):
    """Kernels for the app: at most ``max_kernels``; idle ones with no page are shut down.

    A kernel with a page connected is never culled, however long the person takes.
    Voilà's pre-heated kernels (``--preheat_kernel``, started before a page asks and never
    culled) build on this class and count towards the limit too: one that would pass it is
    not started, and the next page starts its own kernel instead (see :class:`_PageHandler`).
    """

    max_kernels = Integer(
        MAX_KERNELS,
        config=True,
        help="How many kernels may run at once; a page asked for beyond that gets HTTP 503.",
    )

    @default("cull_idle_timeout")
    def _default_cull_idle_timeout(self) -> int:
        return IDLE_SECONDS

    @default("cull_interval")
    def _default_cull_interval(self) -> int:
        return CULL_INTERVAL

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Kernels being started are not listed yet; counted here so that
        # simultaneous requests cannot together pass the limit.
        self._starting = 0

    async def start_kernel(  # type: ignore[override]  # jupyter_server itself does the same
        self, *, kernel_id: str | None = None, path: ApiPath | None = None, **kwargs: Any
    ) -> str:
        """Start a kernel, or refuse with HTTP 503 when ``max_kernels`` already run."""
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if len(self.list_kernel_ids()) + self._starting >= self.max_kernels:
            if _pre_heated(kwargs):
                self.log.info("No kernel started ahead of time: %d run", self.max_kernels)
            raise web.HTTPError(
                503,
                "%d kernels already run, as many as LimitedKernelManager.max_kernels allows",
                self.max_kernels,
                reason="The check-in is open in too many tabs: close one you no longer use, "
                "then reload this page",
            )
        self._starting += 1
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting -= 1


class _LocalOnly(web.RequestHandler):
    """Answer 403 unless the request passes :func:`is_local_request` (mixed into every handler)."""

    def prepare(self, *args: Any, **kwargs: Any) -> Any:
        origin = self.request.headers.get("Origin")
        if not is_local_request(self.request.host, origin):
            app_log.warning(
                "Refused %s (Host %r, Origin %r)", self.request.path, self.request.host, origin
            )
            # Answered, not raised: Jupyter's error pages need a user, and there is none yet.
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(
                "403 Forbidden: the check-in app only answers its own page on this computer.\n"
            )
            return None
        return super().prepare(*args, **kwargs)


def _pre_heated(kernel_arguments: dict[str, Any]) -> bool:
    """Whether Voilà asks for a kernel to keep ready for the next page (its pool)."""
    return bool(kernel_arguments.get("env", {}).get("VOILA_PREHEAT") == "True")


class _PageHandler(TornadoVoilaHandler):
    """Voilà's page, with the ``_xsrf`` cookie its script sends when the page is left.

    Without the cookie Voilà's "shut my kernel down" request on leaving is refused, and
    every reload would hold a kernel until it is culled.

    With pre-heated kernels, a page takes the kernel that is ready (or starting) for it;
    when there is none, because starting it would have passed the kernel limit or because
    Voilà has not begun to start the next one yet, the page starts its own.
    """

    async def get(self, path: str | None = None) -> None:
        _ = self.xsrf_token  # sets the cookie
        await super().get(path)

    def should_use_rendered_notebook(
        self,
        notebook_data: Any,
        pool_size: int,
        template_name: str | None,
        theme: str | None,
        request_args: Any,
    ) -> Any:
        """Voilà's choice, leaving out pre-heated kernels that could not be started.

        A kernel still starting is taken too: Voilà would start a second kernel for a page
        that comes before the first has started, and that page would wait longer.
        """
        pools = getattr(self.kernel_manager, "_pools", None)  # Voilà's, when pre-heating
        if not isinstance(pools, dict) or not isinstance(pools.get(self.notebook_path), list):
            return super().should_use_rendered_notebook(
                notebook_data, pool_size, template_name, theme, request_args
            )
        pool: list[asyncio.Future[Any]] = pools[self.notebook_path]
        for task in [task for task in pool if task.done()]:
            if task.cancelled() or task.exception() is not None:
                pool.remove(task)
        if not pool:
            self.kernel_manager.fill_if_needed(notebook_name=self.notebook_path)
            return False
        if all(_waiting_to_start(task) for task in pool):
            # Voilà starts the next kernel only after a delay; a page in between (a reload
            # just after a page took the last one) would wait it out: its own starts sooner.
            return False
        if not notebook_data:  # the kernel is starting: its page uses the app's own look
            return template_name is None and theme is None
        return super().should_use_rendered_notebook(
            notebook_data, len(pool), template_name, theme, request_args
        )


def _waiting_to_start(task: asyncio.Future[Any]) -> bool:
    """Whether a pool task is still in Voilà's refill delay, its kernel not yet asked for.

    Voilà wraps the start in ``wait_before(delay, start)``; the start has not begun while
    that coroutine is still only created. Anything not shaped so counts as started.
    """
    import inspect

    outer = task.get_coro() if isinstance(task, asyncio.Task) else None
    frame = getattr(outer, "cr_frame", None)
    start = frame.f_locals.get("aw") if frame is not None else None
    return inspect.iscoroutine(start) and (inspect.getcoroutinestate(start) == inspect.CORO_CREATED)


def _local_only(handler: type[web.RequestHandler]) -> type[web.RequestHandler]:
    if handler is TornadoVoilaHandler:
        handler = _PageHandler
    if issubclass(handler, KernelWebsocketHandler):
        return type(handler.__name__, (_LocalOnly, _SaysWhatNeverArrived, handler), {})
    return type(handler.__name__, (_LocalOnly, handler), {})


#: Run in a page's kernel when its socket refused a message as too large (a chosen file).
NEVER_ARRIVED = (
    "__import__('reflectkit.forms.importing', fromlist=['_']).say_a_file_never_arrived()"
)


class _SaysWhatNeverArrived:
    """A kernel socket that, when it closes on a message over the limit (Tornado's code
    1009, sent when a page chooses a file larger than ``uploads.LARGEST_MESSAGE_BYTES``),
    has the page's kernel say so on its import form: the file never reaches the kernel,
    which could not know otherwise. The page reconnects at once and gets the words."""

    _refused_as_too_large = False
    kernel_manager: Any
    kernel_id: str

    def get_websocket_protocol(self) -> Any:
        protocol = super().get_websocket_protocol()  # type: ignore[misc]
        if protocol is not None:
            close = protocol.close

            def closing(code: int | None = None, reason: str | None = None) -> None:
                # Tornado's "message too big"; not a page's own 1009 echoed back (then the
                # code it sent is already kept)
                if code == 1009 and protocol.close_code is None:
                    self._refused_as_too_large = True
                close(code, reason)

            protocol.close = closing  # type: ignore[method-assign]
        return protocol

    def on_close(self) -> None:
        super().on_close()  # type: ignore[misc]
        if self._refused_as_too_large:
            app_log.warning("A page sent more than %d bytes at once", uploads.LARGEST_MESSAGE_BYTES)
            task = asyncio.ensure_future(
                _run_quietly(self.kernel_manager, self.kernel_id, NEVER_ARRIVED)
            )
            _RUNNING.add(task)  # kept until done: the loop holds only a weak reference
            task.add_done_callback(_RUNNING.discard)


_RUNNING: set[asyncio.Future[None]] = set()


async def _run_quietly(kernel_manager: Any, kernel_id: str, code: str) -> None:
    """Run ``code`` in the kernel, silently (no output, no history), and wait for it."""
    try:
        client = kernel_manager.get_kernel(kernel_id).client()
    except KeyError:  # the kernel is gone
        return
    client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
    try:
        client.execute(code, silent=True, store_history=False)
        await client.get_shell_msg(timeout=30)
    except queue.Empty:  # the kernel is busy: the request waits in its queue and runs later
        app_log.info("The page's kernel is busy; it says its file never arrived when free")
    except Exception as err:  # the words are a kindness; the app goes on without them
        app_log.warning("Could not tell the page its file never arrived: %r", err)
    finally:
        client.stop_channels()


#: What each of the kit's pages is for, in the line that gives its address.
PURPOSES = {
    "01_daily_check_in.ipynb": "to check in",
    "03_weekly_reflection.ipynb": "for your weekly reflection",
    "04_bring_your_history.ipynb": "to bring in your history from another app",
}


class AppServer(Voila):
    """Voilà for one person on this computer: a secret token, local requests, few kernels."""

    @default("config_file_paths")
    def _no_config_files(self) -> list[str]:
        # A voila.json or voila.py in the working folder must not turn the protections off.
        return []

    @default("connection_dir_root")
    def _short_connection_dir_root(self) -> str:
        # Unix socket paths are limited to about 100 characters; macOS's TMPDIR is long.
        return "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()

    @default("ip")
    def _default_ip(self) -> str:
        return "127.0.0.1"

    @validate("ip")
    def _loopback_only(self, proposal: dict[str, Any]) -> str:
        ip = str(proposal["value"])
        if not is_local_host(ip):
            raise TraitError(
                f"The check-in app listens on this computer only (127.0.0.1), not on {ip!r}: "
                "drop --Voila.ip."
            )
        return ip

    #: A folder only this user can read (template copies, the browser's redirect page).
    private_dir: Path | None = None
    template_paths: list[str]  # Voilà's trait, typed for mypy

    def initialize(self, argv: Any = None) -> None:
        """Parse the command line, then make the token and set the kernel manager."""
        super().initialize(argv)
        # Made here so it is never on a command line, where `ps` would show it to everyone.
        self.token = secrets.token_urlsafe(32)
        self.voila_configuration.multi_kernel_manager_class = LimitedKernelManager
        if os.name == "posix":
            # Kernels talk over Unix sockets in Voilà's private connection folder: on TCP
            # ports any local user could subscribe to a kernel's output, notes included.
            self.update_config(Config({"KernelManager": {"transport": "ipc"}}))

    def setup_template_dirs(self) -> None:
        """Find Voilà's templates, then put copies without remote links first."""
        super().setup_template_dirs()
        self.private_dir = Path(tempfile.mkdtemp(prefix="reflectkit-app-"))
        self.template_paths = local_template_paths(
            self.template_paths, self.private_dir / "templates"
        )

    def init_settings(self) -> dict[str, Any]:
        """Voilà's settings with the Host check on, a page policy and a strict login cookie."""
        settings: dict[str, Any] = super().init_settings()
        # Voilà turns jupyter_server's own Host check off; it stays on here.
        settings["allow_remote_access"] = False
        settings["local_hostnames"] = list(LOCAL_HOSTNAMES)
        settings["headers"] = {
            **settings.get("headers", {}),
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Referrer-Policy": "no-referrer",  # the address holds the token
        }
        # The cookies are never sent along with requests that other sites start.
        self.identity_provider.cookie_options = {"samesite": "Strict"}
        settings["xsrf_cookie_kwargs"] = {"samesite": "Strict"}
        # Jupyter's request log leaves tokens out of the addresses it logs.
        settings["log_function"] = functools.partial(log_request, record_prometheus_metrics=False)
        # An export chosen on the import page reaches the kernel as one message (Tornado's
        # default limit, 10 MiB, would drop a larger one without a word).
        settings["websocket_max_message_size"] = uploads.LARGEST_MESSAGE_BYTES
        return settings

    def init_handlers(self) -> list[Any]:
        """Voilà's handlers, each refusing requests from anywhere but this computer's page.

        Left out: the socket on which Voilà hands a pre-heated kernel the request that took it
        (``voila.utils.wait_for_request``). It asks for no token, and what it sends includes
        the query string, token and all, to whoever names the kernel's id first, an id any
        user of this computer can read from the kernel's command line.
        """
        # Without its socket, what Voilà would keep for it (the query string, token included)
        # is not kept at all.
        RequestInfoSocketHandler.send_updates = classmethod(_keep_nothing)  # type: ignore[method-assign,assignment]
        return [
            (route, _local_only(handler), *rest)
            for route, handler, *rest in super().init_handlers()
            if handler is not RequestInfoSocketHandler
        ]

    @property
    def display_url(self) -> str:
        """The address without its token: what Voilà's own log line shows."""
        return self.connection_url

    @property
    def address_with_token(self) -> str:
        """The address to open, with the token (printed once, and given to the browser)."""
        return f"{self.connection_url}?token={self.token}"

    def start(self) -> None:
        """Serve until stopped; the address is printed once the port is open."""
        tornado.ioloop.IOLoop.current().add_callback(self._announce)
        super().start()

    def _announce(self) -> None:
        purpose = PURPOSES.get(Path(self.notebook_path or "").name, "to open the page")
        print(
            f"Open {self.address_with_token} {purpose}.\n"
            "That address holds a secret key made for this run: keep it to yourself.",
            flush=True,
        )

    def launch_browser(self) -> None:
        """Open the page through a file only you can read, as JupyterLab does.

        On the browser's command line the token would be visible to everyone on this
        computer for as long as the browser runs.
        """
        assert self.private_dir is not None  # made while initializing
        redirect = self.private_dir / "open.html"
        descriptor = os.open(redirect, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(redirect_page(self.address_with_token))
        threading.Thread(
            target=webbrowser.open, args=(redirect.as_uri(),), kwargs={"new": 2}, daemon=True
        ).start()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the app server with ``argv`` (default: the command line) until it is stopped."""
    app = AppServer.instance()
    try:
        app.initialize(list(argv) if argv is not None else None)
        app.start()
    finally:
        if app.private_dir is not None:
            shutil.rmtree(app.private_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
