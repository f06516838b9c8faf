// Swagger UI on the gateway's merged document (a file of its own: the page's CSP forbids inline scripts).
window.ui = SwaggerUIBundle({ url: '/api-docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
