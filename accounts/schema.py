"""Describes API-client token authentication in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiClientTokenAuthentication"
    name = "apiClientToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API client key, sent as `Authorization: Token <key>`.",
        }
