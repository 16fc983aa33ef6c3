"""The app server's pieces without a browser: request checks, templates, kernel limit, settings."""

from __future__ import annotations

import asyncio
import concurrent.futures
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import TraitError

from reflectkit import appserver
from reflectkit.appserver import (
    CONTENT_SECURITY_POLICY,
    AppServer,
    LimitedKernelManager,
    is_local_host,
    is_local_request,
    local_template_paths,
    redirect_page,
    without_remote_assets,
)
from reflectkit.paths import notebooks_folder

NOTEBOOK = str(notebooks_folder() / "01_daily_check_in.ipynb")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:8866",
        "127.0.0.1",
        "localhost:8866",
        "LOCALHOST:8866",
        "[::1]:8866",
        "127.0.0.2:80",
    ],
)
def test_this_computer_is_local(host):
    assert is_local_host(host)
    assert is_local_request(host, None)


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:8866",  # DNS rebinding: the browser sends the attacker's name
        "127.0.0.1.evil.example:8866",
        "localhost.evil.example",
        "localhost.",
        "0.0.0.0:8866",
        "192.168.1.5:8866",
        "[::]:8866",
        "",
    ],
)
def test_other_names_are_not_local(host):
    assert not is_local_host(host)
    assert not is_local_request(host, None)


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://127.0.0.1:8866", True),
        ("HTTP://127.0.0.1:8866", True),
        ("http://evil.example", False),
        ("http://127.0.0.1:8866.evil.example", False),
        ("http://127.0.0.1:8888", False),  # another local server's page (JupyterLab, say)
        ("http://localhost:8866", False),  # a different origin than the one in Host
        ("null", False),  # sandboxed frames and file:// pages
        ("", False),
    ],
)
def test_an_origin_must_be_the_apps_own_page(origin, allowed):
    assert is_local_request("127.0.0.1:8866", origin) is allowed


def test_remote_links_and_scripts_are_removed_and_the_rest_kept():
    source = (
        "<head>\n"
        '  <link rel="stylesheet" href="https://cdn.example/fa/all.min.css" type="text/css" />\n'
        "  <LINK REL=stylesheet HREF=//cdn.example/x.css>\n"
        '  <script src="http://cdn.example/require.js"></script>\n'
        "  <script type=\"text/javascript\" src='https://cdn.example/a.js'>\n  </script>\n"
        '  <link rel="stylesheet" href="{{ base_url }}static/index.css">\n'
        '  <link rel="icon" href="data:;base64,=">\n'
        '  <script src="static/voila.js"></script>\n'
        "</head>\n"
        '<a href="https://jupyter.org">Jupyter</a>\n'
    )
    assert without_remote_assets(source) == (
        "<head>\n"
        '  <link rel="stylesheet" href="{{ base_url }}static/index.css">\n'
        '  <link rel="icon" href="data:;base64,=">\n'
        '  <script src="static/voila.js"></script>\n'
        "</head>\n"
        '<a href="https://jupyter.org">Jupyter</a>\n'  # a link to follow loads nothing
    )


def test_the_first_template_of_each_name_is_copied_without_remote_links(tmp_path):
    first, second, into = tmp_path / "first", tmp_path / "second", tmp_path / "into"
    (first / "nested").mkdir(parents=True)
    (second / "nested").mkdir(parents=True)
    remote = '<link href="https://cdn.example/x.css">\n'
    (first / "index.html.j2").write_text("{% block a %}" + remote + "{% endblock %}")
    (second / "index.html.j2").write_text("never used: " + remote)
    (first / "nested" / "page.html").write_text("local only\n")
    (second / "nested" / "page.html").write_text(remote)  # shadowed by first/nested/page.html
    (second / "error.html").write_text("<p>error</p>" + remote)
    (second / "style.css").write_text("@import url(https://cdn.example/x.css);")  # not a template

    paths = local_template_paths([str(first), str(second), str(tmp_path / "missing")], into)

    assert paths == [str(into), str(first), str(second), str(tmp_path / "missing")]
    copies = sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file())
    assert copies == ["error.html", "index.html.j2"]
    assert (into / "index.html.j2").read_text() == "{% block a %}{% endblock %}"
    assert (into / "error.html").read_text() == "<p>error</p>"


def test_voilas_own_templates_link_nothing_remote_once_copied(tmp_path):
    from voila.paths import collect_template_paths

    paths = collect_template_paths(["voila", "nbconvert"], "lab", prune=True)
    into = tmp_path / "templates"
    local_template_paths(paths, into)
    # the page and the error pages, each as Jinja finds it first
    for name in ("index.html.j2", "page.html", "voila/templates/base/page.html"):
        found = next(Path(p) / name for p in [str(into), *paths] if (Path(p) / name).is_file())
        text = found.read_text()
        assert "cdn.jsdelivr" not in text and "fontawesome" not in text.lower(), found


def test_the_redirect_page_escapes_the_address():
    page = redirect_page('http://127.0.0.1:8866/?token=a"b&c')
    assert 'url=http://127.0.0.1:8866/?token=a&quot;b&amp;c"' in page
    assert 'a"b' not in page


def run(coroutine):
    """Run a coroutine to its end in a thread of its own (Playwright's loop may hold this one)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def fake_kernels(monkeypatch):
    """Make AsyncMappingKernelManager.start_kernel register an id after a short wait."""

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        await asyncio.sleep(0.01)
        kernel_id = kernel_id or str(uuid.uuid4())
        self._kernels[kernel_id] = object()
        return kernel_id

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start_kernel)


def test_kernels_are_limited_even_when_asked_for_at_once(monkeypatch):
    fake_kernels(monkeypatch)
    manager = LimitedKernelManager(max_kernels=2)

    async def three_at_once():
        return await asyncio.gather(
            *(manager.start_kernel() for _ in range(3)), return_exceptions=True
        )

    results = run(three_at_once())
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(manager.list_kernel_ids()) == 2 and len(refused) == 1
    assert isinstance(refused[0], web.HTTPError) and refused[0].status_code == 503
    assert "close one you no longer use, then reload this page" in refused[0].reason


def test_a_freed_place_can_be_used_again(monkeypatch):
    fake_kernels(monkeypatch)
    manager = LimitedKernelManager(max_kernels=1)
    first = run(manager.start_kernel())
    with pytest.raises(web.HTTPError, match="1 kernels already run"):
        run(manager.start_kernel())
    assert run(manager.start_kernel(kernel_id=first)) == first  # an existing one is fine
    del manager._kernels[first]  # as a shutdown or the culler does
    assert run(manager.start_kernel()) != first


def test_idle_kernels_without_a_page_are_culled_by_default():
    manager = LimitedKernelManager()
    assert manager.max_kernels == appserver.MAX_KERNELS
    assert manager.cull_idle_timeout == appserver.IDLE_SECONDS > 0
    assert 0 < manager.cull_interval < manager.cull_idle_timeout
    assert manager.cull_connected is False  # a page that is open keeps its kernel


@pytest.fixture
def app_server():
    """An initialised (not started) AppServer; Voilà sets a SIGTERM handler, put back after."""
    handler = signal.getsignal(signal.SIGTERM)
    app = AppServer()
    app.initialize([NOTEBOOK, "--no-browser", "--port=8866"])
    yield app
    signal.signal(signal.SIGTERM, handler)
    if app.private_dir is not None:
        import shutil

        shutil.rmtree(app.private_dir, ignore_errors=True)


def test_the_server_makes_a_token_and_keeps_the_protections_on(app_server):
    app = app_server
    assert len(app.token) >= 40 and app.token not in " ".join(app.argv)
    assert app.address_with_token == f"http://127.0.0.1:8866/?token={app.token}"
    assert app.token not in app.display_url  # what Voilà's log line shows
    assert app.config_file_paths == []  # no voila.json can turn the checks off
    assert app.voila_configuration.multi_kernel_manager_class is LimitedKernelManager
    settings = app.init_settings()
    assert settings["allow_remote_access"] is False
    assert settings["local_hostnames"] == ["localhost"]
    assert settings["headers"]["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert app.identity_provider.token == app.token
    assert app.identity_provider.cookie_options == {"samesite": "Strict"}
    assert isinstance(app.kernel_manager, LimitedKernelManager)
    assert app.template_paths[0] == str(app.private_dir / "templates")


def test_every_handler_refuses_foreign_requests(app_server):
    app_server.init_settings()
    handlers = [handler for _, handler, *_ in app_server.init_handlers()]
    assert handlers and all(issubclass(h, appserver._LocalOnly) for h in handlers)
    assert any(issubclass(h, appserver._PageHandler) for h in handlers)


def test_the_query_string_a_kept_ready_kernel_would_be_told_is_kept_nowhere(app_server):
    from voila.request_info_handler import RequestInfoSocketHandler

    app_server.init_settings()
    handlers = [handler for _, handler, *_ in app_server.init_handlers()]
    assert not any(issubclass(h, RequestInfoSocketHandler) for h in handlers)
    RequestInfoSocketHandler.send_updates({"kernel_id": "k1", "payload": {"q": "token=x"}})
    assert "k1" not in RequestInfoSocketHandler._cache


def test_an_export_beyond_the_page_s_limit_still_reaches_the_kernel(app_server):
    """So the page can say why it is not imported (Tornado drops a larger one silently)."""
    from reflectkit.uploads import LARGEST_EXPORT_MB, LARGEST_MESSAGE_BYTES

    limit = app_server.init_settings()["websocket_max_message_size"]
    assert limit == LARGEST_MESSAGE_BYTES >= 1.5 * LARGEST_EXPORT_MB * 10**6
    # under what Tornado reads at once, or a file sent as one frame vanishes before the limit
    assert limit < 100 * 1024 * 1024


def test_the_app_listens_on_this_computer_only():
    with pytest.raises(TraitError, match="listens on this computer only"):
        AppServer(ip="0.0.0.0")
    assert AppServer().ip == "127.0.0.1"


def test_the_policy_keeps_the_page_to_its_own_address():
    rules = dict(rule.split(" ", 1) for rule in CONTENT_SECURITY_POLICY.split("; "))
    assert rules["default-src"] == "'self'" and rules["connect-src"] == "'self'"
    assert rules["frame-ancestors"] == "'none'"  # no other site can frame it and "click" Save
    assert not [rule for rule in rules.values() if "http" in rule or "*" in rule]


class _Pool:
    """What :class:`appserver._PageHandler` sees of Voilà's kernel manager when pre-heating."""

    def __init__(self, *tasks: asyncio.Future) -> None:
        self.notebook_path = "check_in.ipynb"
        self.kernel_manager = SimpleNamespace(
            _pools={self.notebook_path: list(tasks)}, fill_if_needed=self.fill
        )
        self.filled = 0

    def fill(self, *, notebook_name: str) -> None:
        self.filled += 1

    def use(self, *, theme: str | None = None) -> bool:
        handler = appserver._PageHandler.should_use_rendered_notebook
        return bool(handler(self, {}, 1, None, theme, {}))  # type: ignore[arg-type]


def test_a_page_takes_the_kernel_kept_ready_while_it_is_still_starting():
    loop = asyncio.new_event_loop()
    try:
        starting = _Pool(loop.create_future())
        assert starting.use()  # rather than a second, cold kernel
        assert starting.filled == 0
        assert not starting.use(theme="dark")  # not what it was rendered with

        failed = loop.create_future()
        failed.set_exception(RuntimeError("kernel limit"))
        full = _Pool(failed)
        assert not full.use()  # the page starts its own kernel
        assert full.kernel_manager._pools[full.notebook_path] == []
        assert full.filled == 1  # and one is kept ready again for the next page
    finally:
        loop.close()


def test_a_page_does_not_wait_out_the_delay_before_the_next_kernel_starts():
    """After a page takes the kernel kept ready, Voilà starts the next one after a delay; a
    reload within it starts its own kernel at once instead of waiting for that delay."""
    from concurrent.futures import ThreadPoolExecutor

    from voila.voila_kernel_manager import wait_before

    async def reload_during_the_delay_and_after() -> tuple[bool, bool]:
        never = asyncio.get_running_loop().create_future()

        async def start() -> None:
            await never

        never_started = start()
        delayed = asyncio.create_task(wait_before(60, never_started))
        started = asyncio.create_task(wait_before(0, start()))
        await asyncio.sleep(0.05)
        taken = (_Pool(delayed).use(), _Pool(started).use())
        for task in (delayed, started):
            task.cancel()
        await asyncio.gather(delayed, started, return_exceptions=True)
        never_started.close()
        return taken

    # a loop of its own, in a thread of its own: other tests may leave one set in this one
    with ThreadPoolExecutor(1) as thread:
        taken = thread.submit(asyncio.run, reload_during_the_delay_and_after()).result()
    assert taken == (False, True)


def test_the_iri_check_put_off_at_start_still_checks():
    """The server defers building an IRI grammar it rarely needs; the check itself still works."""
    code = (
        "import sys, reflectkit.appserver, jsonschema\n"
        "assert type(sys.modules['rfc3987_syntax']).__name__ == 'module'\n"
        "checker = jsonschema.FormatChecker(['iri'])\n"
        "assert checker.conforms('https://example.org/caf\\u00e9', 'iri')\n"
        "assert not checker.conforms('not an iri', 'iri')\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


def test_each_page_the_app_serves_says_what_it_is_for():
    from reflectkit.paths import notebooks_folder

    names = {path.name for path in notebooks_folder().glob("*.ipynb")}
    assert set(appserver.PURPOSES) <= names
    assert appserver.PURPOSES["01_daily_check_in.ipynb"] == "to check in"


def test_the_kernel_socket_has_the_page_say_when_a_message_was_too_large(app_server):
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

    app_server.init_settings()
    sockets = [
        handler
        for _, handler, *_ in app_server.init_handlers()
        if issubclass(handler, KernelWebsocketHandler)
    ]
    assert sockets and all(issubclass(h, appserver._SaysWhatNeverArrived) for h in sockets)


def test_a_message_refused_as_too_large_runs_the_words_in_that_page_s_kernel(monkeypatch):
    """Tornado closes with 1009 on a message over the limit; the socket then has the page's
    own kernel run the form's words, quietly, and nothing for any other close (a page's own
    1009, echoed back, included)."""
    ran: list[tuple[str, str]] = []

    async def run_quietly(kernel_manager, kernel_id, code):
        ran.append((kernel_id, code))

    monkeypatch.setattr(appserver, "_run_quietly", run_quietly)

    class Protocol:
        close_code = None  # what the page sent, when it closed the socket itself

        def close(self, code=None, reason=None):
            self.closed = code

    class Base:
        kernel_manager, kernel_id = object(), "k1"

        def get_websocket_protocol(self):
            return Protocol()

        def on_close(self):
            pass

    stand_in = type("Socket", (appserver._SaysWhatNeverArrived, Base), {})

    async def close_with(code, *, sent_by_the_page=None):
        handler = stand_in()
        protocol = handler.get_websocket_protocol()
        protocol.close_code = sent_by_the_page  # Tornado echoes a page's own close code
        protocol.close(code, "message too big")
        assert protocol.closed == code  # Tornado's close still runs
        handler.on_close()
        await asyncio.sleep(0)

    run(close_with(1000))
    run(close_with(1009, sent_by_the_page=1009))
    assert ran == []
    run(close_with(1009))
    assert ran == [("k1", appserver.NEVER_ARRIVED)]
