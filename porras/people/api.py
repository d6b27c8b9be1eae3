from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from porras.people.models import Team


class MunicipalityOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="name_fi")
    name_sv = serializers.CharField()


class TeamOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    municipalities = MunicipalityOutput(many=True)
    postal_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Postal codes served, when not whole municipalities.",
    )


class TeamListAPI(APIView):
    @extend_schema(
        summary="The local teams of the caller's county", responses=TeamOutput(many=True)
    )
    def get(self, request):
        teams = Team.objects.filter(county_id=request.user.county_id).prefetch_related(
            "areas__municipality"
        )
        data = []
        for team in teams:
            areas = list(team.areas.all())
            municipalities = {area.municipality.pk: area.municipality for area in areas}
            data.append(
                {
                    "id": team.pk,
                    "name": team.name,
                    "municipalities": sorted(municipalities.values(), key=lambda m: m.name_fi),
                    "postal_codes": sorted(a.postal_code for a in areas if a.postal_code),
                }
            )
        return Response(TeamOutput(data, many=True).data)
