"""Pages of 50 (up to 100 on request); a list filtered by frequent words is counted with the
same cap as the meeting list page (``MeetingFilter.count_cap``)."""

from functools import partial

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

from minutes.pagination import CappedPaginator


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        cap = getattr(view, "count_cap", None)
        self.django_paginator_class = partial(CappedPaginator, cap=cap) if cap else Paginator
        return super().paginate_queryset(queryset, request, view)
