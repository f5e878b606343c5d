"""A careful fetcher: timeouts, a byte cap, bounded redirects, a per-host rate limit,
robots.txt, a clear User-Agent, and no private addresses unless allowed."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlparse
from urllib.robotparser import RobotFileParser

from . import __version__
from .errors import FetchError
from .records import RawPage

USER_AGENT = f"tidings/{__version__} (+https://github.com/tidings; news research crawler)"


@dataclass(frozen=True)
class FetchOptions:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0  # a whole fetch, however slowly the bytes come
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    per_host_interval: float = 1.0  # seconds between requests to one host
    allow_private: bool = False
    respect_robots: bool = True
    user_agent: str = USER_AGENT


@dataclass
class Fetcher:
    options: FetchOptions = field(default_factory=FetchOptions)
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        import httpx

        o = self.options
        self._client = httpx.Client(
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": o.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> RawPage:
        """The page at url, or FetchError with a one-line reason."""
        seen = []
        current = url
        for _ in range(self.options.max_redirects + 1):
            self._check_url(current)
            if self.options.respect_robots and not self._robots_allow(current):
                raise FetchError("disallowed by robots.txt", source=url)
            status, headers, body, final = self._get(current, url)
            if status in (301, 302, 303, 307, 308):
                location = headers.get("location")
                if not location:
                    raise FetchError(f"redirect {status} without a Location", source=url)
                seen.append(current)
                current = urljoin(current, location)
                if current in seen:
                    raise FetchError("redirect loop", source=url)
                continue
            if status >= 400:
                raise FetchError(f"HTTP {status}", source=url)
            if status != 200:
                raise FetchError(f"unexpected HTTP status {status}", source=url)
            when = _http_date(headers.get("date")) or datetime.now(timezone.utc)
            return RawPage(source=url, data=body, reference_time=when, reference_from="HTTP fetch time",
                           url=final, media_type=headers.get("content-type"))
        raise FetchError(f"more than {self.options.max_redirects} redirects", source=url)

    def _get(self, url: str, original: str) -> tuple[int, dict[str, str], bytes, str]:
        import httpx

        self._wait_turn(url)
        started = time.monotonic()
        try:
            with self._client.stream("GET", url) as response:
                headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code != 200:
                    return response.status_code, headers, b"", str(response.url)
                declared = headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.options.max_bytes:
                    raise FetchError(f"page is {int(declared)} bytes, over the byte cap of {self.options.max_bytes}", source=original)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.options.max_bytes:
                        raise FetchError(f"page is over the byte cap of {self.options.max_bytes} bytes", source=original)
                    if time.monotonic() - started > self.options.total_timeout:
                        raise FetchError(f"fetch took longer than {self.options.total_timeout:g} s", source=original)
                    chunks.append(chunk)
                return 200, headers, b"".join(chunks), str(response.url)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__})", source=original) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed ({type(exc).__name__}: {exc})", source=original) from exc

    def _wait_turn(self, url: str) -> None:
        host = urlparse(url).netloc
        with self._lock:
            last = self._last.get(host)
            now = time.monotonic()
            if last is not None and now - last < self.options.per_host_interval:
                time.sleep(self.options.per_host_interval - (now - last))
            self._last[host] = time.monotonic()

    def _check_url(self, url: str) -> None:
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("only http and https URLs can be fetched", source=url)
        if self.options.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except socket.gaierror as exc:
            raise FetchError(f"cannot resolve host ({exc.strerror})", source=url) from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved or address.is_multicast or address.is_unspecified:
                raise FetchError(f"refusing private address {address} (use --allow-private)", source=url)

    def _robots_allow(self, url: str) -> bool:
        parts = urlparse(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser: RobotFileParser | None = RobotFileParser()
            try:
                status, _, body, _ = self._get(root + "/robots.txt", url)
                if status == 200:
                    parser.parse(body.decode("utf-8", "replace").splitlines())
                else:
                    parser = None  # no robots.txt: everything is allowed
            except FetchError:
                parser = None
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is None or parser.can_fetch(self.options.user_agent, url)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
