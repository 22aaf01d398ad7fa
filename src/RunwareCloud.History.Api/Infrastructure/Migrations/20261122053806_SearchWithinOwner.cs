using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RunwareCloud.History.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SearchWithinOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_assets_owner_search",
                table: "assets",
                columns: new[] { "owner_id", "search_vector" })
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assets_owner_search",
                table: "assets");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,");
        }
    }
}
