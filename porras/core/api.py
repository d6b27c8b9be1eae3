from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    """A refusal or conflict, in the user's language."""

    detail = serializers.CharField()
