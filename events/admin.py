from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, Event, EventParticipant, LandedProject


class ParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 0
    raw_id_fields = ["organisation", "signed_up_by"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "county", "status"]
    list_filter = ["kind", "status", "county"]
    search_fields = ["title", "place", "organiser"]
    readonly_fields = ["status"]
    inlines = [ParticipantInline]
    filter_horizontal = ["talents"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "event", "amount", "signed_on"]
    raw_id_fields = ["event", "enterprise", "institute", "engagement"]


@admin.register(LandedProject)
class LandedProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "event", "investment", "landed_on"]
    raw_id_fields = ["event", "enterprise", "institute", "engagement"]
