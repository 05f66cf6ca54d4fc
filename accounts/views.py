from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core.forms import style_fields
from core.mixins import FilteredListMixin, RoleRequiredMixin
from core.notifications import notify_many
from core.redirects import redirect_next
from core.workflow import TransitionError, transition

from .filters import OrganisationFilter
from .forms import InstituteForm, LoginForm, RegistrationForm
from .models import Organisation, User
from .roles import Role


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        messages.success(self.request, "密码已修改。")
        return super().form_valid(form)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_fields(form.fields)
        return form


class OrganisationListView(FilteredListMixin, View):
    model = Organisation
    filterset_class = OrganisationFilter
    template_name = "accounts/organisation_list.html"
    required_roles = (Role.BUREAU,)


class OrganisationVerifyView(RoleRequiredMixin, View):
    """The bureau's verification decision (POST decision=verify|reject, comment) via the workflow."""

    required_roles = (Role.BUREAU,)

    def post(self, request, pk):
        organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
        if not request.user.is_bureau:
            return redirect("core:home")
        V = Organisation.Verification
        target = {"reject": V.REJECTED, "revoke": V.PENDING}.get(request.POST.get("decision"), V.VERIFIED)
        try:
            transition(organisation, target, request.user, request.POST.get("comment", ""))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已核验：{organisation}，其账号已启用。"
                if target == V.VERIFIED
                else f"{organisation}：{organisation.get_verification_status_display()}。",
            )
        return redirect_next(request, "accounts:organisation_list")


class RegisterView(View):
    """An enterprise or institute signs itself up; usable after the bureau verifies it."""

    template_name = "registration/register.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("core:home")
        return render(
            request, self.template_name, {"form": RegistrationForm(initial={"kind": request.GET.get("kind")})}
        )

    def post(self, request):
        form = RegistrationForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        org, user = form.save()
        _notify_bureau_of_registration(org)
        return render(request, "registration/register_done.html", {"organisation": org, "new_user": user})


def _notify_bureau_of_registration(org):
    from django.urls import reverse

    reviewers = User.objects.with_role(Role.BUREAU)
    notify_many(
        reviewers,
        "organisation_registered",
        org,
        title=f"新单位注册待核验：{org.name}",
        body=f"{org.get_kind_display()}“{org.name}”已提交注册，请核验其统一社会信用代码等信息。",
        url=reverse("accounts:organisation_list") + "?verification_status=pending",
    )


class InstituteFormView(RoleRequiredMixin, View):
    """The bureau creates or edits an institute (高校院所); created institutes are verified."""

    required_roles = (Role.BUREAU,)
    template_name = "accounts/institute_form.html"

    def get_object(self, pk):
        if pk is None:
            return None
        return get_object_or_404(Organisation.objects.institutes(), pk=pk)

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return render(request, self.template_name, {"form": InstituteForm(instance=obj), "object": obj})

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = InstituteForm(request.POST, instance=obj)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "object": obj})
        org = form.save(commit=False)
        if obj is None:
            org.is_verified = True  # created by the bureau: verified from the start
            org.verified_at = timezone.now()
            org.verified_by = request.user
            org._change_reason = "市科技局创建"
        org.save()
        messages.success(request, f"已保存高校院所：{org.name}")
        return redirect(reverse("accounts:organisation_list") + "?kind=institute")
