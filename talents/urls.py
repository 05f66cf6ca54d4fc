app_name = "talents"

urlpatterns = []
