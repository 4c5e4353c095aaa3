"""Wagtail's own page, image and document API (v2), per site: a request
sees the site whose domain it reached (or the ``site`` parameter names), and
nothing of sites that are not live. Images and documents are those used by
the resources shown on that site, so files of drafts stay unlisted."""

from django.db.models import Q
from rest_framework.negotiation import BaseContentNegotiation
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from library.models import Article, GuideForm, LeaderProfile, ResourceAttachment

from .selectors import placements_shown, sites_public


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the Accept header says, as the rest of /api/ answers."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _site_record(request):
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError:
        return None
    if site is None:
        return None
    return sites_public().filter(site__root_page_id=site.root_page_id).first()


def _shown_on(record):
    return placements_shown().filter(site=record).values("resource_id")


class PagesEndpoint(PagesAPIViewSet):
    content_negotiation_class = JSONOnly

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset if _site_record(self.request) else queryset.none()


class ImagesEndpoint(ImagesAPIViewSet):
    content_negotiation_class = JSONOnly
    known_query_parameters = ImagesAPIViewSet.known_query_parameters | {"site"}

    def get_queryset(self):
        record = _site_record(self.request)
        if record is None:
            return super().get_queryset().none()
        shown = _shown_on(record)
        used = Q(pk__in=Article.objects.filter(pk__in=shown).values("cover_id")) | Q(
            pk__in=LeaderProfile.objects.filter(pk__in=shown).values("photo_id")
        )
        return super().get_queryset().filter(used)


class DocumentsEndpoint(DocumentsAPIViewSet):
    content_negotiation_class = JSONOnly
    known_query_parameters = DocumentsAPIViewSet.known_query_parameters | {"site"}

    def get_queryset(self):
        record = _site_record(self.request)
        if record is None:
            return super().get_queryset().none()
        shown = _shown_on(record)
        used = (
            Q(pk__in=ResourceAttachment.objects.filter(resource_id__in=shown).values("document_id"))
            | Q(pk__in=GuideForm.objects.filter(guide_id__in=shown).values("blank_form_id"))
            | Q(pk__in=GuideForm.objects.filter(guide_id__in=shown).values("sample_id"))
        )
        return super().get_queryset().filter(used)


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PagesEndpoint)
router.register_endpoint("images", ImagesEndpoint)
router.register_endpoint("documents", DocumentsEndpoint)
