# For people with a Docker engine (none runs on the development machines; see README).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MppSurvey.Web/MppSurvey.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The runtime image (Ubuntu for .NET 10; apt) has neither curl nor wget; curl is what HEALTHCHECK calls (README, Decisions).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY survey-templates /survey-templates
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Templates__Directory=/survey-templates
EXPOSE 8080
# Liveness: the process answers. Readiness (/ready, database and jobs) is docker-compose.yml's check,
# so the image alone does not call a container broken because its database is.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "MppSurvey.Web.dll"]
