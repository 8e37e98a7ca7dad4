# The production image (README, Running in production). No Docker engine runs on the project's own
# machines: this file is checked by reading, not by building (README, Decisions).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the files that name the packages only: a change to the code reuses this layer.
COPY MppSurvey.sln global.json Directory.Build.props Directory.Packages.props dotnet-tools.json ./
COPY src/MppSurvey.Core/MppSurvey.Core.csproj src/MppSurvey.Core/
COPY src/MppSurvey.Web/MppSurvey.Web.csproj src/MppSurvey.Web/
COPY migrations/MppSurvey.Migrations/MppSurvey.Migrations.csproj migrations/MppSurvey.Migrations/
RUN dotnet restore src/MppSurvey.Web/MppSurvey.Web.csproj \
    && dotnet tool restore
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/MppSurvey.Web/MppSurvey.Web.csproj -c Release --no-restore -o /app
# The idempotent SQL of this image's migrations, for operators who set Database__MigrateOnStartup=false:
# `docker compose run --rm --no-deps -T --entrypoint cat app /app/migrate.sql` prints it (README, Upgrading).
RUN dotnet tool run dotnet-ef migrations script --idempotent --configuration Release \
        --project migrations/MppSurvey.Migrations --startup-project migrations/MppSurvey.Migrations -o /app/migrate.sql

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The runtime image (Ubuntu for .NET 10; apt) has neither curl nor wget; curl is what HEALTHCHECK calls (README, Decisions).
# fonts-dejavu-core: the semester report draws its chart with SkiaSharp, which needs a font file (README, Decisions).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY survey-templates /survey-templates
# Nothing is written to disk: responses, sessions, data-protection keys, jobs and workbooks all live
# in PostgreSQL, so the app runs as the image's unprivileged `app` user (UID 1654) on port 8080.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Templates__Directory=/survey-templates
USER $APP_UID
EXPOSE 8080
# Liveness: the process answers. Readiness (/ready, database and jobs) is docker-compose.yml's check,
# so the image alone does not call a container broken because its database is.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "MppSurvey.Web.dll"]
