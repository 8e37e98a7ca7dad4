var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "MppSurvey");
app.Run();

public partial class Program;
