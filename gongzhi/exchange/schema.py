"""Tell the OpenAPI schema how department keys are sent."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class DepartmentKeyScheme(OpenApiAuthenticationExtension):
    target_class = "gongzhi.exchange.authentication.DepartmentKeyAuthentication"
    name = "DepartmentKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "部门密钥，请求头写作 Authorization: Api-Key <密钥>（gongzhi exchange key create 发放）",
        }
