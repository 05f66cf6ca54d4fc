from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.forms import BootstrapFormMixin, style_fields

from .models import Organisation


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意密码区分大小写。",
        "inactive": "该账号尚未启用：企业或院所注册后需经市科技局核验。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        style_fields(self.fields)

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            self._explain_inactive()
            raise

    def _explain_inactive(self):
        """Django's backend hides inactive accounts; say "awaiting verification" to their owner."""
        from .models import User

        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and not user.is_active and password and user.check_password(password):
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")


class RegistrationForm(BootstrapFormMixin, forms.Form):
    """Self sign-up of an enterprise or institute: the unit and its first user account.

    Both stay inactive until the bureau verifies the unit (accounts:organisation_verify).
    """

    KIND_CHOICES = [
        (k, Organisation.Kind(k).label) for k in (Organisation.Kind.ENTERPRISE, Organisation.Kind.INSTITUTE)
    ]

    kind = forms.ChoiceField(label="单位类型", choices=KIND_CHOICES, initial=Organisation.Kind.ENTERPRISE)
    name = forms.CharField(label="单位名称", max_length=120)
    uscc = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, help_text="18 位，企业必填；可在营业执照上找到"
    )
    county = forms.ModelChoiceField(label="所在县区", queryset=None, required=False, empty_label="请选择")
    industry = forms.ModelChoiceField(label="所属产业", queryset=None, required=False, empty_label="请选择")
    is_high_tech = forms.BooleanField(label="高新技术企业", required=False)
    is_tech_sme = forms.BooleanField(label="科技型中小企业", required=False)
    institute_kind = forms.ChoiceField(label="院所类别", required=False, choices=[])
    location = forms.CharField(label="所在省市", max_length=60, required=False, help_text="院所填写，如“北京市”")
    contact_name = forms.CharField(label="联系人", max_length=40)
    contact_phone = forms.CharField(label="联系电话", max_length=20)
    contact_email = forms.EmailField(label="联系邮箱", required=False)
    username = forms.CharField(label="登录用户名", max_length=40, help_text="字母、数字或 _，用于登录")
    password1 = forms.CharField(label="密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        from .models import County, Industry, Organisation

        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.active()
        self.fields["industry"].queryset = Industry.objects.active()
        self.fields["institute_kind"].choices = [("", "请选择"), *Organisation.InstituteKind.choices]

    def clean_name(self):
        from .models import Organisation

        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name=name).exists():
            raise forms.ValidationError("该单位已注册。如需新增账号，请联系本单位管理员或市科技局。")
        return name

    def clean_uscc(self):
        from .models import Organisation
        from .validators import normalize_uscc, validate_uscc

        code = normalize_uscc(self.cleaned_data.get("uscc", ""))
        if code:
            validate_uscc(code)
            if Organisation.objects.filter(uscc=code).exists():
                raise forms.ValidationError("该统一社会信用代码已注册。")
        return code or None

    def clean_contact_phone(self):
        from .validators import normalize_phone, validate_phone

        phone = normalize_phone(self.cleaned_data["contact_phone"])
        validate_phone(phone)
        return phone

    def clean_username(self):
        import re

        from .models import User

        username = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[A-Za-z0-9_.@+-]{3,40}", username):
            raise forms.ValidationError("用户名只能包含字母、数字和 _ . @ + -，3–40 个字符。")
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用。")
        return username

    def clean(self):
        from django.contrib.auth import password_validation

        data = super().clean()
        kind = data.get("kind")
        if kind == Organisation.Kind.ENTERPRISE:
            if not data.get("uscc") and "uscc" not in self.errors:
                self.add_error("uscc", "企业必须填写统一社会信用代码。")
            if not data.get("county"):
                self.add_error("county", "请选择企业所在县区。")
            if not data.get("industry"):
                self.add_error("industry", "请选择所属产业。")
        elif kind == Organisation.Kind.INSTITUTE and not data.get("institute_kind"):
            self.add_error("institute_kind", "请选择院所类别。")
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def save(self):
        from django.contrib.auth.models import Group
        from django.db import transaction

        from .models import Organisation, User

        data = self.cleaned_data
        is_enterprise = data["kind"] == Organisation.Kind.ENTERPRISE
        with transaction.atomic():
            org = Organisation(
                name=data["name"],
                kind=data["kind"],
                uscc=data.get("uscc"),
                county=data.get("county"),
                industry=data.get("industry"),
                is_high_tech=is_enterprise and data.get("is_high_tech", False),
                is_tech_sme=is_enterprise and data.get("is_tech_sme", False),
                institute_kind="" if is_enterprise else data.get("institute_kind", ""),
                location=data.get("location", ""),
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data.get("contact_email", ""),
            )
            org._change_reason = "单位自行注册"
            org.full_clean()
            org.save()
            user = User(
                username=data["username"],
                name=data["contact_name"],
                phone=data["contact_phone"],
                email=data.get("contact_email", ""),
                organisation=org,
                is_active=False,  # usable once the bureau verifies the unit
                awaiting_verification=True,
            )
            user.set_password(data["password1"])
            user.save()
            group, _ = Group.objects.get_or_create(name=data["kind"])
            user.groups.add(group)
        return org, user


class InstituteForm(BootstrapFormMixin, forms.ModelForm):
    """The bureau creates (or edits) an institute directly; it is verified at once."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "institute_kind",
            "location",
            "county",
            "industry",
            "uscc",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institute_kind"].required = True

    def save(self, commit=True):
        org = super().save(commit=False)
        org.kind = Organisation.Kind.INSTITUTE
        if commit:
            org.save()
        return org
