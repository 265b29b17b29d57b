"""Error pages 400, 403, 404 and 500 in both languages: a clear message, never a traceback."""

import pytest
from flask import abort

from tender_board.security import CSP


@pytest.fixture
def erring_app(make_app):
    app = make_app()
    app.add_url_rule("/test/forbidden", "forbidden", lambda: abort(403))

    def broken():
        raise RuntimeError("secret internals")

    app.add_url_rule("/test/broken", "broken", broken)
    return app


@pytest.mark.parametrize(("path", "status", "zh", "en"), [
    ("/no/such/page", 404, "页面不存在。", "Page not found."),
    ("/test/forbidden", 403, "无权访问。", "You may not do this."),
    ("/test/broken", 500, "服务器内部错误", "Internal error"),
])
def test_error_pages_in_both_languages(erring_app, path, status, zh, en):
    client = erring_app.test_client()
    for lang, message in (("zh", zh), ("en", en)):
        response = client.get(path, query_string={"lang": lang})
        page = response.get_data(as_text=True)
        assert response.status_code == status
        assert message in page and f"<h1>{status}</h1>" in page
        assert "Traceback" not in page and "secret internals" not in page
        assert response.headers["Content-Security-Policy"] == CSP


def test_bad_request_page_in_both_languages(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    for lang, message in (("zh", "请求无效。"), ("en", "Bad request.")):
        response = client.post(f"/login?lang={lang}", data={"email": "a@b.c", "password": "x"})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_errors_are_json_in_the_readers_language(client):
    response = client.get("/api/v1/tenders/NOPE", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": "not_found", "message": "未找到该招标项目。"}}
    english = client.get("/api/v1/tenders/NOPE?lang=en").get_json()
    assert english["error"]["message"] == "No such tender."
