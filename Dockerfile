# For people with a Docker engine (none runs on the development machines; see README).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MppSurvey.Web/MppSurvey.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY survey-templates /survey-templates
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Templates__Directory=/survey-templates
EXPOSE 8080
ENTRYPOINT ["dotnet", "MppSurvey.Web.dll"]
