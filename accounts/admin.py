from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import County, Industry, Organisation, User


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_functional_zone", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "uscc", "county", "verification_status"]
    list_filter = ["kind", "verification_status", "county"]
    search_fields = ["name", "uscc"]
    readonly_fields = ["verification_status", "verified_at", "verified_by"]  # through the verification workflow


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "organisation", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["username", "name", "email"]
    fieldsets = BaseUserAdmin.fieldsets + (("门户信息", {"fields": ("name", "phone", "organisation")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("门户信息", {"fields": ("name", "organisation", "groups")}),)
