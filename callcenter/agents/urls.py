"""URLs of the agents app."""

from django.urls import path

from callcenter.agents import views

app_name = "agents"
urlpatterns = [path("import/", views.import_agents, name="import")]
