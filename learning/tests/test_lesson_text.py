"""What a manager writes in a lesson cannot act in a reader's browser, nor make it fetch another site's images
unless the directory allowed that host."""

from django.urls import reverse

from learning import services
from learning.models import Lesson
from learning.tests.course import client_for
from learning.text import to_html


def test_scripts_are_removed_with_their_content():
    html = to_html("Hello <script>alert('x')</script> world")
    assert "script" not in html
    assert "alert" not in html


def test_event_handlers_are_removed():
    html = to_html(
        '<img src="/learning/files/x/" onerror="alert(1)"> <a href="https://a.example.org" onclick="x()">a</a>'
    )
    assert "onerror" not in html
    assert "onclick" not in html
    assert 'src="/learning/files/x/"' in html


def test_javascript_links_lose_their_address():
    assert "javascript" not in to_html("[click](javascript:alert(1))")


def test_remote_images_lose_their_address_unless_their_host_is_allowed():
    text = "![a](https://tracker.example.net/p.png) ![b](https://images.example.org/map.png)"
    assert "https://" not in to_html(text)
    allowed = to_html(text, ["Images.Example.org"])
    assert 'src="https://images.example.org/map.png"' in allowed
    assert "tracker.example.net" not in allowed


def test_an_allowed_host_over_plain_http_is_not_shown():
    assert "src=" not in to_html("![b](http://images.example.org/map.png)", ["images.example.org"])


def test_uploaded_images_are_always_shown():
    assert 'src="/learning/files/abc/"' in to_html("![map](/learning/files/abc/)")


def test_markdown_becomes_headings_lists_and_emphasis():
    html = to_html("## Deadlines\n\n- **72 hours** to acknowledge\n- 15 days to answer")
    assert "<h2>Deadlines</h2>" in html
    assert "<li><strong>72 hours</strong> to acknowledge</li>" in html


def test_the_lesson_page_shows_the_sanitised_text_and_lets_allowed_hosts_images_load(course):
    module = course.module
    Lesson.objects.filter(version=module.current_version, position=1).update(
        body="<script>steal()</script>![map](https://images.example.org/m.png) ![x](https://evil.example.net/x.png)"
    )
    services.set_allowed_image_hosts(course.network.oas, ["images.example.org"])
    response = client_for(course.network.poc_arg).get(reverse("learning:lesson", args=[module.code, 1]))
    body = response.content.decode()
    assert "steal()" not in body
    assert "evil.example.net" not in body
    assert 'src="https://images.example.org/m.png"' in body
    assert "https://images.example.org" in response["Content-Security-Policy"]


def test_the_manager_lists_the_allowed_hosts(course):
    client_for(course.network.manager).post(
        reverse("learning:image_hosts", args=[course.network.oas.slug]),
        {"hosts": "https://Images.Example.org/\ncdn.example.org"},
    )
    assert services.allowed_image_hosts(course.network.oas) == ["cdn.example.org", "images.example.org"]
