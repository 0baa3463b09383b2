"""Ask nginx itself whether it accepts deploy/nginx/channels-course.conf."""

import subprocess

import pytest

import nginxsite
import services

pytestmark = pytest.mark.e2e


def nginx_t(binary, folder, site_text):
    """Run `nginx -t` on the site inside a minimal nginx.conf; return (exit code, output)."""
    folder.mkdir()
    site_path = folder / "channels-course.conf"
    site_path.write_text(site_text)
    services.nginx_main_config(folder, site_path)
    result = subprocess.run(
        services.nginx_argv(binary, folder, "-t"),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def with_certificate(text, certificate):
    """Return the shipped text with only the placeholder certificate paths replaced."""
    server = nginxsite.tls_server(nginxsite.shipped())
    for name, path in zip(("ssl_certificate", "ssl_certificate_key"), certificate, strict=True):
        (placeholder,) = server.child(name).values
        assert text.count(placeholder) == 1
        text = text.replace(placeholder, str(path))
    return text


def test_nginx_accepts_the_shipped_site(nginx_binary, certificate, tmp_path):
    text = with_certificate(services.NGINX_SITE.read_text(), certificate)
    code, output = nginx_t(nginx_binary, tmp_path / "shipped", text)
    assert code == 0, output
    assert "test is successful" in output


def test_nginx_t_does_check_the_site(nginx_binary, certificate, tmp_path):
    # The control: without its map block, the same file is refused, so the
    # test above really had nginx read it.
    text = with_certificate(services.NGINX_SITE.read_text(), certificate)
    start = text.index("map $http_upgrade")
    text = text[:start] + text[text.index("}", start) + 1 :]
    code, output = nginx_t(nginx_binary, tmp_path / "no-map", text)
    assert code != 0
    assert 'unknown "connection_upgrade" variable' in output
