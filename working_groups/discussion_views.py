"""A working group's discussion pages: the group's thread and each product's, oldest post first (a link leads
to the newest), a post's correction and removal, and how the reader hears of the group's discussion.

Posting works as a plain form; with htmx the new post is added to the page and the form comes back empty.
Thin: who may read and post is ``working_groups.policies``'; what happens is ``working_groups.discussion``'.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import SIGNED_IN
from access.restriction import can, get_object_for
from working_groups import discussion
from working_groups.discussion_forms import PostForm, PreferenceForm
from working_groups.discussion_models import EDIT_WINDOW, DiscussionPost
from working_groups.models import Product, WorkingGroup

PAGE_SIZE = 20


def _page_number(request, paginator: Paginator) -> int:
    asked = request.GET.get("page", "")
    if asked == "last":
        return paginator.num_pages
    try:
        return min(max(int(asked), 1), paginator.num_pages)
    except ValueError:
        return 1


def _thread(request, *, group, product, posts, can_post: bool, can_moderate: bool, thread_url: str):
    """The thread's page, or the post just written (with htmx), or back to the thread's last page."""
    form = PostForm()
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        form = PostForm(request.POST)
        if form.is_valid():
            post = discussion.write_post(
                author=request.user,
                text=form.cleaned_data["text"],
                group=group if product is None else None,
                product=product,
            )
            if request.htmx:
                post.may_edit, post.may_remove = True, True
                return render(
                    request,
                    "working_groups/discussion/_posted.html",
                    {"post": post, "form": PostForm(), "thread_url": thread_url},
                )
            messages.success(request, _("Your message was posted."))
            return redirect(f"{thread_url}?page=last#post-{post.code}")
        if request.htmx:
            return render(request, "working_groups/discussion/_form.html", {"form": form, "thread_url": thread_url})
    paginator = Paginator(posts.select_related("author").oldest_first(), PAGE_SIZE)
    page = paginator.page(_page_number(request, paginator))
    now, user_id = timezone.now(), request.principal.user_id
    for post in page:
        post.may_edit = post.may_be_edited_by(user_id, now)
        post.may_remove = post.author_id == user_id or can_moderate
    return render(
        request,
        "working_groups/discussion/thread.html",
        {
            "group": group,
            "product": product,
            "page": page,
            "form": form if can_post else None,
            "thread_url": thread_url,
            "edit_minutes": int(EDIT_WINDOW.total_seconds() // 60),
        },
    )


@SIGNED_IN
def group_discussion(request, code):
    principal = request.principal
    group = get_object_for(principal, "work", WorkingGroup.objects.select_related("directory"), code=code)
    return _thread(
        request,
        group=group,
        product=None,
        posts=DiscussionPost.objects.of_group_thread(group),
        can_post=can(principal, "discuss", group),
        can_moderate=can(principal, "change", group),
        thread_url=request.path,
    )


@SIGNED_IN
def product_discussion(request, code):
    principal = request.principal
    product = get_object_for(
        principal, "view", Product.objects.select_related("plan__group", "plan__directory"), code=code
    )
    return _thread(
        request,
        group=product.plan.group,
        product=product,
        posts=DiscussionPost.objects.of_product_thread(product),
        can_post=can(principal, "discuss", product),
        can_moderate=can(principal, "change", product),
        thread_url=request.path,
    )


def _place_of(post: DiscussionPost) -> str:
    """The address of the post on its thread's page."""
    thread = (
        DiscussionPost.objects.of_product_thread(post.product_id)
        if post.product_id
        else DiscussionPost.objects.of_group_thread(post.group_id)
    )
    before = thread.filter(Q(created__lt=post.created) | Q(created=post.created, pk__lt=post.pk)).count()
    return f"{post.thread_url()}?page={before // PAGE_SIZE + 1}#post-{post.code}"


def _post(request, action: str, code) -> DiscussionPost:
    return get_object_for(
        request.principal, action, DiscussionPost.objects.select_related("group", "product", "author"), code=code
    )


@SIGNED_IN
def post_edit(request, code):
    post = _post(request, "change", code)
    if not post.may_be_edited_by(request.principal.user_id, timezone.now()):
        messages.error(request, _("A message can be corrected only in the first minutes after it was posted."))
        return redirect(_place_of(post))
    form = PostForm(request.POST if request.method == "POST" else None, initial={"text": post.text})
    if request.method == "POST" and form.is_valid():
        try:
            discussion.edit_post(post, form.cleaned_data["text"])
        except discussion.TooLate:
            messages.error(request, _("A message can be corrected only in the first minutes after it was posted."))
        else:
            messages.success(request, _("Your message was corrected."))
        return redirect(_place_of(post))
    return render(request, "working_groups/discussion/post_form.html", {"post": post, "form": form})


@SIGNED_IN
@require_POST
def post_delete(request, code):
    post = _post(request, "delete", code)
    thread_url = post.thread_url()
    discussion.delete_post(post)
    messages.success(request, _("The message was removed."))
    return redirect(thread_url)


@SIGNED_IN
def discussion_settings(request, code):
    group = get_object_for(request.principal, "work", WorkingGroup.objects.all(), code=code)
    current = discussion.preference_of(request.user, group)
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial={"notify": current})
    if request.method == "POST" and form.is_valid():
        discussion.set_preference(request.user, group, form.cleaned_data["notify"])
        messages.success(request, _("Your choice was saved."))
        return redirect("working_groups:discussion_settings", code=group.code)
    return render(request, "working_groups/discussion/settings.html", {"group": group, "form": form})
