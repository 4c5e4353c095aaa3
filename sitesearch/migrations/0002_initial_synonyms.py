from django.db import migrations

# Everyday names the public searches for and the official names documents
# use; operators edit the list under 站内搜索 › 同义词.
GROUPS = [
    "公积金、住房公积金",
    "低保、最低生活保障",
    "社保、社会保险",
    "医保、医疗保险、医疗保障",
    "养老金、养老保险",
    "个体户、个体工商户",
    "营业执照、工商登记",
    "房产证、不动产权证书、不动产登记",
    "过户、转移登记",
    "身份证、居民身份证",
    "驾照、驾驶证",
    "公租房、公共租赁住房",
    "电动车、电动自行车",
    "瓷博会、陶瓷博览会",
    "发改委、发展和改革委员会",
    "教体局、教育体育局",
    "市监局、市场监督管理局",
]


def add_groups(apps, schema_editor):
    SynonymGroup = apps.get_model("sitesearch", "SynonymGroup")
    SynonymGroup.objects.bulk_create(SynonymGroup(terms=terms) for terms in GROUPS)


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(add_groups, migrations.RunPython.noop)]
