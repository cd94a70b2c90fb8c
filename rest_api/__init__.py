"""What every app's part of the REST API builds on: viewsets that read rows through the permission layer,
lists read from columns, list pages kept in the shared cache, and the API's precondition errors.

It sits below the apps (it knows none of them), so ``<app>/api/`` of any layer may use it; the ``api`` app
above them holds the rest of the API's shared mechanism (tokens, authentication, pagination, throttling,
renderers, the schema and its documentation) and assembles the apps' routes.
"""
