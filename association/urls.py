app_name = "association"

urlpatterns = []
