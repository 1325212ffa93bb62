"""Pages of 50 (up to 100 on request), each read ids first (``IdsFirstMixin``: a late page costs
an index walk, not OFFSET over whole rows). A list is counted as its page counts it: a meeting list
filtered by frequent words with the list page's cap (``MeetingFilter.count_cap``), one person's or
unit's meetings from the kept count (``kept_count``), directives and tasks with the board's cap;
``capped`` says the count stopped at the cap (and no page lies beyond it)."""

from functools import partial

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from minutes.pagination import CappedIdsFirstPaginator, IdsFirstPaginator, KnownCountIdsFirstPaginator


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        cap = getattr(view, "count_cap", None)
        count = getattr(view, "known_count", None)
        if count is not None:
            self.django_paginator_class = partial(KnownCountIdsFirstPaginator, count=count)
        elif cap:
            self.django_paginator_class = partial(CappedIdsFirstPaginator, cap=cap)
        else:
            self.django_paginator_class = IdsFirstPaginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "capped": bool(getattr(self.page.paginator, "capped", False)),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["capped"] = {
            "type": "boolean",
            "description": "count 停在上限（更多的記錄請縮小篩選範圍查找）",
        }
        schema["required"] = [*schema["required"], "capped"]
        return schema
