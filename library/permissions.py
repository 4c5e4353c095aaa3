"""Who may use a resource in which column: the one policy that admin views,
the API and commands all ask (least privilege, 第十三条(三))."""

from cluster.models import ColumnPage, GuaranteeMode

# Columns filled by other means: review of submissions (信息报送) and a fixed link.
_NOT_DIRECTLY_PLACEABLE = {GuaranteeMode.SUBMISSION, GuaranteeMode.LINK}


def unit_is_responsible(unit, column: ColumnPage) -> bool:
    """Whether ``unit`` is among the column's 内容保障单位 (lead or cooperating,
    directly or as a member of a collective such as 市直各部门)."""
    return unit is not None and any(link.unit.covers(unit) for link in column.unit_links.all())


def user_can_place(user, column: ColumnPage) -> bool:
    if user is None:
        return True
    if not user.is_active:
        return False
    if user.is_superuser:
        return column.mode != GuaranteeMode.LINK
    if column.mode in _NOT_DIRECTLY_PLACEABLE:
        return False
    return unit_is_responsible(user.unit, column)


def user_can_submit(user, column: ColumnPage) -> bool:
    """Any unit may propose content for a 信息报送 column; review decides."""
    return column.mode == GuaranteeMode.SUBMISSION and (user is None or (user.is_active and user.unit_id is not None))


def user_can_review_submission(user, column: ColumnPage) -> bool:
    if user is None or user.is_superuser:
        return True
    from cluster.models import UnitRole

    return any(link.role == UnitRole.LEAD and link.unit.covers(user.unit) for link in column.unit_links.all())
