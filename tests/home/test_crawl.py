"""Every page a role can reach by following links answers without a server error."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from porras.people.models import Role
from porras.synth.generator import generate_county
from tests.conftest import password_login

LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/logout/", "/static/", "/admin/", "/api/v1/docs/", "mailto:")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_linked_page_answers_without_a_server_error(db, client, role):
    demo = generate_county(seed=5)
    login = next(entry for entry in demo.logins if entry.role == role)
    assert password_login(client, login.username, login.password)
    seen, queue = set(), ["/"]
    while queue and len(seen) < 60:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            if urlparse(target).netloc or target.startswith(SKIP):
                continue
            queue.append(target)
    assert len(seen) > 3
