"""A group's discussion is its space's: its member States' people and the directory's managers read it; those
of its counted members and the managers post; observers only read; another group's people see nothing of it.
Posts are shown oldest first, escaped, their web addresses made links; their author corrects them for a short
while, their author or a manager removes them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from enlace.testing.factories import coordinator_of
from working_groups import discussion
from working_groups.choices import GroupRole
from working_groups.discussion_models import EDIT_WINDOW, DiscussionPost
from working_groups.discussion_views import PAGE_SIZE
from working_groups.models import GroupMembership
from working_groups.tests.discussions import cyber_discussion
from working_groups.tests.plans import new_plan


def _thread(group) -> str:
    return reverse("working_groups:group_discussion", args=[group.code])


def test_a_member_posts_and_reads_its_post_in_the_groups_thread(network, client):
    talk = cyber_discussion(network)
    client.force_login(network.coordinator_mex)

    response = client.post(_thread(talk.cyber), {"text": "Shall we meet?"})

    post = DiscussionPost.objects.get()
    assert response["Location"] == f"{_thread(talk.cyber)}?page=last#post-{post.code}"
    assert (post.author, post.group, post.product) == (network.coordinator_mex, talk.cyber, None)
    assert "Shall we meet?" in client.get(_thread(talk.cyber)).content.decode()


def test_another_groups_coordinator_sees_nothing_of_its_private_discussion(network, client):
    talk = cyber_discussion(network)
    discussion.write_post(author=talk.chilean, text="Training secret", group=talk.training)
    product = new_plan(talk.prosur.directory, group=talk.training, products=1).products.get()
    client.force_login(network.coordinator_mex)

    assert client.get(_thread(talk.training)).status_code == 404
    assert client.post(_thread(talk.training), {"text": "Intruding"}).status_code == 404
    assert client.get(reverse("working_groups:product_discussion", args=[product.code])).status_code == 404
    settings_page = reverse("working_groups:discussion_settings", args=[talk.training.code])
    assert client.get(settings_page).status_code == 404
    assert DiscussionPost.objects.count() == 1


def test_a_published_groups_discussion_stays_its_members(network, client):
    talk = cyber_discussion(network)
    talk.training.is_public = True
    talk.training.save()
    client.force_login(network.coordinator_mex)

    assert client.get(talk.training.get_absolute_url()).status_code == 200
    assert client.get(_thread(talk.training)).status_code == 403


def test_an_observer_reads_but_does_not_post(network, client):
    talk = cyber_discussion(network)
    GroupMembership.objects.filter(group=talk.cyber, state=talk.prosur.mexico).update(role=GroupRole.OBSERVER)
    discussion.write_post(author=talk.chilean, text="For everyone", group=talk.cyber)
    client.force_login(network.coordinator_mex)

    page = client.get(_thread(talk.cyber)).content.decode()
    assert "For everyone" in page
    assert 'id="post-form"' not in page
    assert client.post(_thread(talk.cyber), {"text": "Observing"}).status_code == 403


def test_the_directorys_manager_reads_and_posts_but_is_not_emailed(network, client, mailbox):
    talk = cyber_discussion(network)
    client.force_login(talk.prosur.manager)

    assert client.post(_thread(talk.cyber), {"text": "From the secretariat"}).status_code == 302
    assert not mailbox.to(talk.prosur.manager.email)


def test_a_directory_plans_product_thread_is_read_by_those_who_read_the_plan(network, client):
    talk = cyber_discussion(network)
    product = new_plan(talk.prosur.directory, products=1).products.get()
    url = reverse("working_groups:product_discussion", args=[product.code])
    client.force_login(network.coordinator_mex)

    assert client.post(url, {"text": "Directory-wide"}).status_code == 302
    client.force_login(network.coordinator_ken)
    assert client.get(url).status_code == 404


def test_a_post_is_escaped_and_its_links_made_safe(network, client):
    talk = cyber_discussion(network)
    discussion.write_post(
        author=talk.chilean, text="<script>alert(1)</script> see https://example.org/plan", group=talk.cyber
    )
    client.force_login(network.coordinator_mex)

    page = client.get(_thread(talk.cyber)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/plan" rel="nofollow">https://example.org/plan</a>' in page


def test_with_htmx_the_new_post_is_added_and_the_form_comes_back_empty(network, client):
    talk = cyber_discussion(network)
    client.force_login(network.coordinator_mex)

    response = client.post(_thread(talk.cyber), {"text": "Quick note"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#posts"' in body
    assert "Quick note" in body
    assert '<textarea name="text"' in body and "Quick note</textarea>" not in body


def test_an_empty_post_is_refused_with_the_form(network, client):
    talk = cyber_discussion(network)
    client.force_login(network.coordinator_mex)

    response = client.post(_thread(talk.cyber), {"text": "   "})

    assert response.status_code == 200
    assert not DiscussionPost.objects.exists()


def test_the_thread_shows_the_oldest_first_with_a_link_to_the_newest(network, client):
    talk = cyber_discussion(network)
    for number in range(PAGE_SIZE + 2):
        discussion.write_post(author=talk.chilean, text=f"Message number {number:02d}", group=talk.cyber)
    client.force_login(network.coordinator_mex)

    first = client.get(_thread(talk.cyber)).content.decode()
    last = client.get(f"{_thread(talk.cyber)}?page=last").content.decode()

    assert first.index("Message number 00") < first.index("Message number 01")
    assert f"Message number {PAGE_SIZE:02d}" not in first
    assert "?page=last#newest" in first
    assert f"Message number {PAGE_SIZE + 1:02d}" in last
    assert 'id="post-form"' in last and 'id="post-form"' not in first


def test_its_author_corrects_a_post_for_a_short_while(network, client):
    talk = cyber_discussion(network)
    post = discussion.write_post(author=network.coordinator_mex, text="Meetting", group=talk.cyber)
    client.force_login(network.coordinator_mex)

    client.post(reverse("working_groups:post_edit", args=[post.code]), {"text": "Meeting"})

    post.refresh_from_db()
    assert post.text == "Meeting"
    assert post.edited_at is not None


def test_a_post_cannot_be_corrected_once_its_time_is_over(network, client):
    talk = cyber_discussion(network)
    post = discussion.write_post(author=network.coordinator_mex, text="Final", group=talk.cyber)
    DiscussionPost.objects.filter(pk=post.pk).update(created=timezone.now() - EDIT_WINDOW - timedelta(minutes=1))
    client.force_login(network.coordinator_mex)

    client.post(reverse("working_groups:post_edit", args=[post.code]), {"text": "Changed"})

    post.refresh_from_db()
    assert post.text == "Final"


def test_the_service_refuses_a_late_correction(network):
    talk = cyber_discussion(network)
    post = discussion.write_post(author=network.coordinator_mex, text="Final", group=talk.cyber)

    try:
        discussion.edit_post(post, "Changed", now=post.created + EDIT_WINDOW + timedelta(seconds=1))
    except discussion.TooLate:
        pass
    else:
        raise AssertionError("a late correction was accepted")


def test_another_member_neither_corrects_nor_removes_a_post(network, client):
    talk = cyber_discussion(network)
    post = discussion.write_post(author=network.coordinator_mex, text="Mine", group=talk.cyber)
    client.force_login(talk.chilean)

    assert client.post(reverse("working_groups:post_edit", args=[post.code]), {"text": "Yours"}).status_code == 403
    assert client.post(reverse("working_groups:post_delete", args=[post.code])).status_code == 403
    assert DiscussionPost.objects.get().text == "Mine"


def test_its_author_or_the_manager_removes_a_post(network, client):
    talk = cyber_discussion(network)
    mine = discussion.write_post(author=network.coordinator_mex, text="Mine", group=talk.cyber)
    theirs = discussion.write_post(author=talk.chilean, text="Off topic", group=talk.cyber)
    client.force_login(network.coordinator_mex)
    client.post(reverse("working_groups:post_delete", args=[mine.code]))
    client.force_login(talk.prosur.manager)
    client.post(reverse("working_groups:post_delete", args=[theirs.code]))

    assert not DiscussionPost.objects.exists()


def test_a_new_coordinator_of_a_member_state_reads_the_thread(network, client):
    talk = cyber_discussion(network)
    newcomer = coordinator_of(talk.prosur.mexico, email="new@mx.example.org")
    client.force_login(newcomer)

    assert client.get(_thread(talk.cyber)).status_code == 200


def test_the_thread_page_asks_exactly_its_questions_whatever_the_number_of_posts(
    network, client, django_assert_num_queries
):
    """The session, the reader, its roles, the group, may post, may moderate, the count, the page's posts."""
    talk = cyber_discussion(network)
    discussion.write_post(author=talk.chilean, text="One", group=talk.cyber)
    client.force_login(network.coordinator_mex)
    client.get(_thread(talk.cyber))

    with django_assert_num_queries(8):
        assert client.get(_thread(talk.cyber)).status_code == 200
    for number in range(PAGE_SIZE):
        author = talk.chilean if number % 2 else network.coordinator_arg
        discussion.write_post(author=author, text=f"More {number}", group=talk.cyber)
    with django_assert_num_queries(8):
        assert client.get(f"{_thread(talk.cyber)}?page=last").status_code == 200
