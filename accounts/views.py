from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from core.mixins import FilteredListMixin, RoleRequiredMixin
from core.ratelimit import ratelimit
from core.redirects import redirect_next

from .filters import OrganisationFilter
from .forms import InstituteForm, LoginForm, RegistrationForm
from .models import Organisation


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
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form


class OrganisationListView(FilteredListMixin, View):
    model = Organisation
    filterset_class = OrganisationFilter
    template_name = "accounts/organisation_list.html"
    required_roles = ("bureau",)


class OrganisationVerifyView(RoleRequiredMixin, View):
    required_roles = ("bureau",)

    def post(self, request, pk):
        organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
        if not request.user.is_bureau:
            return redirect("core:home")
        organisation.is_verified = True
        organisation.verified_at = timezone.now()
        organisation.verified_by = request.user
        organisation._change_reason = "核验通过"
        organisation.save()
        organisation.users.update(is_active=True)
        messages.success(request, f"已核验：{organisation}，其账号已启用。")
        return redirect_next(request, "accounts:organisation_list")


@method_decorator(ratelimit("register", methods=("POST",)), name="dispatch")
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

    from core.notifications import notify_many

    from .models import User

    reviewers = User.objects.with_role("bureau")
    notify_many(
        reviewers,
        "organisation_registered",
        org,
        title=f"新单位注册待核验：{org.name}",
        body=f"{org.get_kind_display()}“{org.name}”已提交注册，请核验其统一社会信用代码等信息。",
        url=reverse("accounts:organisation_list") + "?is_verified=false",
    )


class InstituteFormView(RoleRequiredMixin, View):
    """The bureau creates or edits an institute (高校院所); created institutes are verified."""

    required_roles = ("bureau",)
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
            org.is_verified = True
            org.verified_at = timezone.now()
            org.verified_by = request.user
            org._change_reason = "市科技局创建"
        org.save()
        messages.success(request, f"已保存高校院所：{org.name}")
        return redirect(reverse("accounts:organisation_list") + "?kind=institute")
