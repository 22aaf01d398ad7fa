using RunwareCloud.Messaging;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Orders.Api.Pmr;
using RunwareCloud.Orders.Api.Workflow;

namespace RunwareCloud.Orders.Api.Apis;

public sealed class OrdersServices(
    OrdersDbContext db,
    OrderWorkflow workflow,
    AuditLog audit,
    PmrEventValidator events,
    PmrClient pmr,
    HistoryClient history,
    IOutbox<OrdersDbContext> outbox,
    TimeProvider clock)
{
    public OrdersDbContext Db => db;
    public OrderWorkflow Workflow => workflow;
    public AuditLog Audit => audit;
    public PmrEventValidator Events => events;
    public PmrClient Pmr => pmr;
    public HistoryClient History => history;
    public IOutbox<OrdersDbContext> Outbox => outbox;
    public TimeProvider Clock => clock;
}
