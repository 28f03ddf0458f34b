import pytest, re
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from stats.models import Figure, Wave, Survey
pytestmark = pytest.mark.django_db
def test_x(admin_client, demo):
    s = Survey.objects.get()
    waves = [{"id": w.pk, "key": w.key, "year": w.year or "", "label_it": w.label_it or "", "label_en": w.label_en or "", "ORDER": str(i)} for i, w in enumerate(s.waves.all())]
    waves[0]["DELETE"] = "1"
    data = nested_form_data({"key": s.key, "publisher": s.publisher, "title_it": s.title_it, "title_en": s.title_en,
        "description_it": s.description_it, "description_en": s.description_en, "method_it": s.method_it, "method_en": s.method_en,
        "respondents": s.respondents, "respondents_qualifier": s.respondents_qualifier, "respondents_label_it": s.respondents_label_it,
        "respondents_label_en": s.respondents_label_en, "countries": s.countries, "industries": s.industries, "source_url": s.source_url,
        "waves": inline_formset(waves, initial=2, min=1)})
    admin_client.raise_request_exception = False
    r = admin_client.post(f"/admin/snippets/stats/survey/edit/{s.pk}/", data)
    print("post", r.status_code, r.get("Location"))
    print(Wave.objects.count())
    print(set(re.findall(r'error-message[^>]*>\s*(.{0,200})', r.content.decode())))
