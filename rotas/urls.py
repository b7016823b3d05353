app_name = "rotas"
urlpatterns = []
