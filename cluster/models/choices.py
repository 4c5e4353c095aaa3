from django.db import models


class SiteKind(models.TextChoices):
    PORTAL = "portal", "市政府门户网站"
    COUNTY_PORTAL = "county_portal", "县(市、区)政府门户网站"
    DEPARTMENT = "department", "部门网站"


class SiteStatus(models.TextChoices):
    PREPARING = "preparing", "筹建中"
    ONLINE = "online", "运行中"
    OFFLINE = "offline", "临时下线"
    CLOSED = "closed", "永久下线"


class GuaranteeMode(models.TextChoices):
    """内容保障方式 of a column (第十条(一))."""

    DIRECT = "direct", "直接维护"
    SUBMISSION = "submission", "信息报送"
    AGGREGATION = "aggregation", "栏目汇聚"
    SYNDICATION = "syndication", "转载"
    LINK = "link", "网站链接"
    COBUILT = "cobuilt", "栏目共建"


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头/负责"
    COOPERATING = "cooperating", "配合"


class ColumnType(models.TextChoices):
    """栏目类型 of the national 《政府网站网页设计规范》, carried in the
    ColumnType meta tag; the value is the text national checks read."""

    HOME = "首页", "首页"
    OVERVIEW = "概况信息", "概况信息"
    FUNCTIONS = "机构职能", "机构职能"
    LEADERS = "负责人信息", "负责人信息"
    NEWS = "工作动态", "工作动态"
    POLICY = "政策文件", "政策文件"
    DISCLOSURE_GUIDE = "信息公开指南", "信息公开指南"
    DISCLOSURE_RULES = "信息公开制度", "信息公开制度"
    DISCLOSURE_CATALOGUE = "信息公开目录", "信息公开目录"
    DISCLOSURE_REPORT = "信息公开年报", "信息公开年报"
    APPLICATION = "依法申请公开", "依法申请公开"
    DATA_RELEASE = "数据发布", "数据发布"
    OPEN_DATA = "数据开放", "数据开放"
    INTERPRETATION = "政策解读", "政策解读"
    RESPONSE = "回应关切", "回应关切"
    SERVICE = "办事服务", "办事服务"
    CONSULTATION = "咨询投诉", "咨询投诉"
    SOLICITATION = "征集调查", "征集调查"
    INTERVIEW = "在线访谈", "在线访谈"
    TOPIC = "专题专栏", "专题专栏"
    OTHER = "其他", "其他"
