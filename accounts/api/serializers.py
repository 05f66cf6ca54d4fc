from rest_framework import serializers

from ..models import Organisation, User


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    organisation = OrganisationBriefSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "roles", "organisation"]

    def get_roles(self, user) -> list[str]:
        return sorted(user.roles)
