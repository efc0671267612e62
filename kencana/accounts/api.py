from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import services
from .models import ApiToken, User


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="What the token is for, e.g. the app or script using it.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: shown this once, only its hash is kept.")
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "province", "district", "kecamatan"]


class TokenView(APIView):
    """Get a new API token with a username and password (it expires after API_TOKEN_DAYS);
    DELETE revokes the token the call is made with (with a session: all of the caller's tokens)."""

    throttle_scope = "token"
    throttle_classes = [ScopedRateThrottle]

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request=request._request, **credentials.validated_data)
        if user is None or not user.is_active:
            raise serializers.ValidationError({"detail": _("Wrong username or password.")})
        try:
            token, key = services.api_token_create(user=user, name=credentials.validated_data["name"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response({"token": key, "name": token.name, "expires_at": token.expires_at})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if isinstance(request.auth, ApiToken):
            services.api_token_revoke(token=request.auth, by=request.user)
        else:
            services.api_tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)
