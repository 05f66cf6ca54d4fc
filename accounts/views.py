from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View

from core.mixins import FilteredListMixin, RoleRequiredMixin

from .filters import OrganisationFilter
from .forms import LoginForm
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
        return redirect(request.POST.get("next") or "accounts:organisation_list")
