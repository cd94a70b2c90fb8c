"""A directory's working groups and work plans: the groups (members see private ones), a group, the manager's
forms, a plan as its table, its timeline and its printable page, a product with its progress, and what is due
or late for the reader's directories or State.

Thin: who may see and do what is ``working_groups.policies``'; what happens is ``working_groups.services``'.
"""

import base64

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory
from repository import files
from working_groups import exchange, services, space_views, timeline
from working_groups.choices import LATE_LABEL, GroupRole
from working_groups.forms import GroupForm, ImportForm, LineForm, PlanForm, ProductForm, ProgressForm
from working_groups.models import GroupMembership, Product, ProgressUpdate, WorkingGroup, WorkPlan

# How far ahead the "due soon" list looks.
DUE_DAYS = 30


def _memberships():
    return Prefetch("memberships", queryset=GroupMembership.objects.select_related("state"))


@SIGNED_IN
def group_list(request, slug):
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    groups = (
        WorkingGroup.objects.restrict(principal, "view")
        .of_directory(directory)
        .select_related("lead_state", "parent")
        .prefetch_related(_memberships())
        .order_by("status", "name", "pk")
    )
    return render(
        request,
        "working_groups/group_list.html",
        {
            "directory": directory,
            "groups": list(groups),
            "plans": list(WorkPlan.objects.restrict(principal, "view").of_directory(directory).filter(group=None)),
            "can_manage": can(principal, "change", directory),
        },
    )


def _group_form(request, directory, group) -> GroupForm:
    data = request.POST if request.method == "POST" else None
    members = services.members_of(group) if group.pk else {}
    return GroupForm(data, instance=group, directory=directory, members=members)


def _save_group(request, form, directory, group):
    if form.is_valid():
        try:
            services.save_group(form.save(commit=False), form.members())
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The working group was saved."))
            return redirect(group)
    return render(
        request,
        "working_groups/group_form.html",
        {"form": form, "directory": directory, "group": group if group.pk else None},
    )


@MANAGER
def group_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    group = WorkingGroup(directory=directory)
    return _save_group(request, _group_form(request, directory, group), directory, group)


@MANAGER
def group_edit(request, code):
    group = get_object_for(request.principal, "change", WorkingGroup.objects.select_related("directory"), code=code)
    return _save_group(request, _group_form(request, group.directory, group), group.directory, group)


@SIGNED_IN
def group_detail(request, code):
    principal = request.principal
    group = get_object_for(
        principal,
        "view",
        WorkingGroup.objects.select_related("directory", "lead_state", "parent").prefetch_related(_memberships()),
        code=code,
    )
    works_in = can(principal, "work", group)
    return render(
        request,
        "working_groups/group_detail.html",
        {
            "group": group,
            "directory": group.directory,
            "works_in": works_in,
            "plans": list(WorkPlan.objects.restrict(principal, "view").filter(group=group)) if works_in else [],
            "sub_groups": list(WorkingGroup.objects.restrict(principal, "view").filter(parent=group)),
            "can_manage": can(principal, "change", group),
            "roles": GroupRole,
            **(space_views.group_space(principal, group) if works_in else {}),
        },
    )


def _plan_form(request, directory, plan) -> PlanForm:
    return PlanForm(request.POST if request.method == "POST" else None, instance=plan, directory=directory)


@MANAGER
def plan_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    plan = WorkPlan(directory=directory)
    group_code = request.GET.get("group", "")
    if group_code:
        plan.group = get_object_for(request.principal, "change", WorkingGroup.objects.all(), code=group_code)
    form = _plan_form(request, directory, plan)
    if form.is_valid():
        plan = form.save()
        messages.success(request, _("The work plan was saved."))
        return redirect(plan)
    return render(request, "working_groups/plan_form.html", {"form": form, "directory": directory, "plan": None})


@MANAGER
def plan_edit(request, code):
    plan = get_object_for(request.principal, "change", WorkPlan.objects.select_related("directory"), code=code)
    form = _plan_form(request, plan.directory, plan)
    if form.is_valid():
        form.save()
        messages.success(request, _("The work plan was saved."))
        return redirect(plan)
    return render(request, "working_groups/plan_form.html", {"form": form, "directory": plan.directory, "plan": plan})


def plan_rows(plan: WorkPlan, today) -> list[Product]:
    """The plan's products in its order, each with its line, responsible States and ``late`` (two queries)."""
    products = list(
        Product.objects.filter(plan=plan).select_related("line").prefetch_related("responsible_states").in_plan_order()
    )
    for product in products:
        product.late = product.is_late_on(today)
    return products


def _plan_page(request, code, template: str, **extra):
    principal = request.principal
    plan = get_object_for(principal, "view", WorkPlan.objects.select_related("directory", "group"), code=code)
    today = timezone.localdate()
    products = plan_rows(plan, today)
    context = {
        "plan": plan,
        "directory": plan.directory,
        "products": products,
        "lines": list(plan.lines.all()),
        "today": today,
        "late_label": LATE_LABEL,
        "can_manage": can(principal, "change", plan),
    }
    if extra.get("with_timeline"):
        context["timeline"] = timeline.draw(products, plan.period_start, plan.period_end, today)
    return render(request, template, context)


@SIGNED_IN
def plan_detail(request, code):
    return _plan_page(request, code, "working_groups/plan_detail.html")


@SIGNED_IN
def plan_print(request, code):
    return _plan_page(request, code, "working_groups/plan_print.html")


@SIGNED_IN
def plan_timeline(request, code):
    return _plan_page(request, code, "working_groups/plan_timeline.html", with_timeline=True)


@MANAGER
def line_new(request, code):
    plan = get_object_for(request.principal, "change", WorkPlan.objects.select_related("directory"), code=code)
    following = (plan.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    form = LineForm(request.POST or None, initial={"position": following, "original_language": plan.original_language})
    if request.method == "POST" and form.is_valid():
        line = form.save(commit=False)
        line.plan = plan
        if plan.lines.filter(position=line.position).exists():
            form.add_error("position", _("Another line of action of the plan has this position."))
        else:
            line.save()
            messages.success(request, _("The line of action was saved."))
            return redirect(plan)
    return render(request, "working_groups/line_form.html", {"form": form, "plan": plan, "directory": plan.directory})


def _save_product(request, plan, product):
    form = ProductForm(request.POST if request.method == "POST" else None, instance=product, plan=plan)
    if form.is_valid():
        product = form.save(commit=False)
        try:
            services.save_product(
                product,
                responsible=form.cleaned_data["responsible_states"],
                depends_on=form.cleaned_data["depends_on"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The product was saved."))
            return redirect(plan)
    return render(
        request,
        "working_groups/product_form.html",
        {"form": form, "plan": plan, "directory": plan.directory, "product": product if product.pk else None},
    )


@MANAGER
def product_new(request, code):
    plan = get_object_for(request.principal, "change", WorkPlan.objects.select_related("directory"), code=code)
    return _save_product(request, plan, Product(plan=plan))


@MANAGER
def product_edit(request, code):
    product = get_object_for(request.principal, "change", Product.objects.select_related("plan__directory"), code=code)
    return _save_product(request, product.plan, product)


@SIGNED_IN
def product_detail(request, code):
    principal = request.principal
    product = get_object_for(
        principal,
        "view",
        Product.objects.select_related("plan__directory", "plan__group", "line").prefetch_related(
            "responsible_states", "depends_on"
        ),
        code=code,
    )
    may_report = can(principal, "report", product)
    return render(
        request,
        "working_groups/product_detail.html",
        {
            "product": product,
            "plan": product.plan,
            "directory": product.plan.directory,
            "late": product.is_late_on(timezone.localdate()),
            "late_label": LATE_LABEL,
            "updates": list(ProgressUpdate.objects.filter(product=product).select_related("author")),
            "form": ProgressForm(initial={"on": timezone.localdate(), "status": product.status})
            if may_report
            else None,
            "can_manage": can(principal, "change", product),
        },
    )


@SIGNED_IN
@require_POST
def product_progress(request, code):
    product = get_object_for(request.principal, "report", Product.objects.all(), code=code)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_progress(
                product,
                author=request.user,
                text=form.cleaned_data["text"],
                on=form.cleaned_data["on"],
                upload=form.cleaned_data["upload"],
                status=form.cleaned_data["status"],
            )
        except files.UnacceptableFile as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The progress update was saved."))
    else:
        messages.error(request, _("Give the date and the progress made."))
    return redirect(product)


@SIGNED_IN
def progress_file(request, code):
    """An update's attachment, through the product's rule; always as an attachment."""
    update = get_object_for(request.principal, "view", ProgressUpdate.objects.exclude(attachment=""), code=code)
    return FileResponse(
        update.attachment.open("rb"),
        as_attachment=True,
        filename=update.file_name,
        content_type=files.KINDS[update.file_type].content_type,
    )


def followed_products(principal):
    """The products a manager follows (its directories' plans) and a coordinator follows (its States'), among
    those the reader may see."""
    responsible = Product.responsible_states.through.objects.filter(
        product_id=OuterRef("pk"), state_id__in=principal.coordinated_state_ids
    )
    return (
        Product.objects.restrict(principal, "view")
        .filter(Q(plan__directory_id__in=principal.managed_directory_ids) | Q(Exists(responsible)))
        .select_related("plan__directory", "plan__group", "line")
        .prefetch_related("responsible_states")
    )


@MANAGER_OR_COORDINATOR
def due(request):
    """What is due in the next 30 days and what is late, across the reader's groups and plans."""
    today = timezone.localdate()
    followed = followed_products(request.principal)
    return render(
        request,
        "working_groups/due.html",
        {
            "due_soon": list(followed.due_within(today, DUE_DAYS).order_by("due_until", "pk")),
            "late": list(followed.late(today).order_by("due_until", "pk")),
            "days": DUE_DAYS,
            "today": today,
        },
    )


@SIGNED_IN
def plan_export(request, code, file_format):
    """The plan as a CSV or XLSX file (``working_groups.exchange``), which imports back to the same plan."""
    plan = get_object_for(request.principal, "view", WorkPlan.objects.all(), code=code)
    if file_format == "xlsx":
        body, content_type = (
            exchange.to_xlsx(plan),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        body, content_type = exchange.to_csv(plan), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="work-plan-{plan.code}.{file_format}"'
    return response


def _checked_key(plan: WorkPlan) -> str:
    return f"working_groups.import.{plan.code}"


@MANAGER
def plan_import(request, code):
    """A spreadsheet checked first (a dry run naming every bad cell); the file checked is kept in the session and
    applied, checked again, when the manager confirms: all or nothing."""
    plan = get_object_for(request.principal, "change", WorkPlan.objects.select_related("directory"), code=code)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and request.POST.get("apply"):
        data = base64.b64decode(request.session.get(_checked_key(plan), ""))
        if not data:
            messages.error(request, _("Check the file first."))
            return redirect("working_groups:plan_import", plan.code)
        try:
            report = exchange.apply(plan, data)
        except exchange.UnreadableFile as refusal:
            messages.error(request, str(refusal))
        else:
            if report.is_valid:
                del request.session[_checked_key(plan)]
                messages.success(request, _("The work plan was imported."))
                return redirect(plan)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["upload"].read(exchange.MAX_BYTES + 1)
        try:
            report = exchange.check(plan, data)
        except exchange.UnreadableFile as refusal:
            form.add_error("upload", str(refusal))
        else:
            if report.is_valid:
                request.session[_checked_key(plan)] = base64.b64encode(data).decode()
    return render(
        request,
        "working_groups/plan_import.html",
        {"plan": plan, "directory": plan.directory, "form": form, "report": report},
    )
