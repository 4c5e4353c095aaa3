import pytest
from django.core.exceptions import ValidationError

from cluster.models import ColumnPage, GuaranteeMode, SiteRecord
from cluster.services import ColumnDepthError, column_create
from units.models import OrgUnit

pytestmark = pytest.mark.django_db


def portal_column(title):
    home = SiteRecord.objects.get(domain="www.jdz.gov.cn").site.root_page
    return ColumnPage.objects.descendant_of(home).get(title=title)


@pytest.fixture
def fifth_level_column():
    column = portal_column("防范化解重大风险")
    assert column.level == 5
    return column


def test_a_sixth_level_is_refused(fifth_level_column):
    with pytest.raises(ColumnDepthError, match="最多5级"):
        column_create(parent=fifth_level_column, title="第六级")
    assert not ColumnPage.objects.filter(title="第六级").exists()
    assert not ColumnPage.can_create_at(fifth_level_column)
    assert ColumnPage.can_create_at(fifth_level_column.get_parent())


def test_a_subtree_cannot_be_moved_below_level_five(fifth_level_column):
    subtree = portal_column("三大攻坚战")  # level 4 with level-5 children
    assert not subtree.can_move_to(portal_column("公共资源配置"))  # level 4
    assert subtree.can_move_to(portal_column("法定主动公开内容"))  # level 2


def test_a_link_column_needs_its_address():
    home = SiteRecord.objects.get(domain="czj.jdz.gov.cn").site.root_page
    with pytest.raises(ValidationError, match="链接地址"):
        column_create(parent=home, title="财政部", mode=GuaranteeMode.LINK)


def test_column_create_records_lead_and_cooperating_units():
    home = SiteRecord.objects.get(domain="czj.jdz.gov.cn").site.root_page
    finance = OrgUnit.objects.get(short_name="市财政局")
    audit = OrgUnit.objects.get(short_name="市审计局")
    column = column_create(
        parent=home, title="预算绩效", lead_units=[finance], cooperating_units=[audit], update_interval_days=180
    )
    assert column.slug == "ysjx"
    assert [(link.unit.short_name, link.role) for link in column.unit_links.all()] == [
        ("市财政局", "lead"),
        ("市审计局", "cooperating"),
    ]
    assert column.live and column.level == 1
