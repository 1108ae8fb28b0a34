from django.contrib import admin

from .models import Assignment, Membership, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "trainer", "join_code", "created")
    search_fields = ("name", "trainer__username", "join_code")
    raw_id_fields = ("trainer",)
    inlines = (MembershipInline,)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("team", "kind", "chapter", "due")
    list_filter = ("kind",)
